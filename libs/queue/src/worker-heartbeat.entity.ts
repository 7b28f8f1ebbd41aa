import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per worker process, refreshed by the heartbeat job; the API's readiness reads its age. */
@Entity('worker_heartbeat')
export class WorkerHeartbeatEntity {
  @PrimaryColumn({ name: 'worker_id', type: 'text' })
  workerId!: string;

  @Column({ name: 'beat_at', type: 'timestamptz' })
  beatAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;
}
