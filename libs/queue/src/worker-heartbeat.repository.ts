import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Injectable()
export class WorkerHeartbeatRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async beat(workerId: string, at: Date, startedAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO worker_heartbeat (worker_id, beat_at, started_at) VALUES ($1, $2, $3)
       ON CONFLICT (worker_id) DO UPDATE SET beat_at = GREATEST(worker_heartbeat.beat_at, EXCLUDED.beat_at)`,
      [workerId, at, startedAt],
    );
  }

  async latestBeat(): Promise<Date | null> {
    const [row] = await this.dataSource.query('SELECT max(beat_at) AS latest FROM worker_heartbeat');
    return row?.latest ? new Date(row.latest) : null;
  }

  /** Forget workers that have been silent for long, so the table does not grow with every deploy. */
  async forgetSilentSince(before: Date): Promise<void> {
    await this.dataSource.query('DELETE FROM worker_heartbeat WHERE beat_at < $1', [before]);
  }
}
