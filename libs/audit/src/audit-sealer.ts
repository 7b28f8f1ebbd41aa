import { DataSource } from 'typeorm';
import { chainHash, chainKey, Checkpoint, checkpointSignature, GENESIS_HASH } from './audit-chain';
import { canonicalEventSql } from './canonical-event';
import { appendCheckpoint } from './checkpoint-witness';

const SEAL_LOCK = 7_412_002;

export interface SealResult {
  sealed: number;
  checkpoint?: Checkpoint;
}

/**
 * Chains the events whose transactions have all ended, in sequence order, after the current head.
 * `pg_snapshot_xmin` is the oldest transaction still running: an event written by an older one has
 * committed (or vanished with a rollback), so nothing can appear below it later. A transaction that
 * took a low sequence number and commits late is simply sealed in a later batch: the chain follows
 * sealing order, and each seal names its event's sequence number. One sealer at a time (advisory lock).
 */
export async function sealPendingEvents(
  dataSource: DataSource,
  key: Buffer,
  options: { now: Date; batchSize?: number; checkpointFile?: string },
): Promise<SealResult> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const [{ locked }] = await runner.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SEAL_LOCK]);
    if (!locked) {
      await runner.rollbackTransaction();
      return { sealed: 0 };
    }
    const [head] = await runner.query('SELECT chain_index::int AS chain_index, hash FROM audit_seal ORDER BY chain_index DESC LIMIT 1');
    const pending: { seq: string; canonical: string }[] = await runner.query(
      `SELECT e.seq, ${canonicalEventSql('e')} AS canonical FROM audit_event e
        WHERE e.txid < pg_snapshot_xmin(pg_current_snapshot())
          AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = e.seq)
        ORDER BY e.seq LIMIT $1`,
      [options.batchSize ?? 5000],
    );
    if (pending.length === 0) {
      await runner.commitTransaction();
      return { sealed: 0 };
    }
    let index = head?.chain_index ?? 0;
    let hash: string = head?.hash ?? GENESIS_HASH;
    const prefix = chainKey(key);
    const indexes: number[] = [];
    const hashes: string[] = [];
    for (const event of pending) {
      index += 1;
      hash = chainHash(prefix, hash, event.canonical);
      indexes.push(index);
      hashes.push(hash);
    }
    await runner.query(
      `INSERT INTO audit_seal (chain_index, seq, hash, sealed_at)
       SELECT i, s, h, $4 FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS t(i, s, h)`,
      [indexes, pending.map((event) => event.seq), hashes, options.now],
    );
    const unsigned = { chainIndex: index, seq: Number(pending[pending.length - 1].seq), headHash: hash, createdAt: options.now.toISOString() };
    const checkpoint = { ...unsigned, signature: checkpointSignature(key, unsigned) };
    await runner.query('INSERT INTO audit_checkpoint (chain_index, seq, head_hash, created_at, signature) VALUES ($1, $2, $3, $4, $5)', [
      checkpoint.chainIndex,
      checkpoint.seq,
      checkpoint.headHash,
      options.now,
      checkpoint.signature,
    ]);
    await runner.commitTransaction();
    if (options.checkpointFile) appendCheckpoint(options.checkpointFile, checkpoint);
    return { sealed: pending.length, checkpoint };
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

/** Seals batches until nothing is left (or `maxBatches` ran); returns how many events were sealed. */
export async function sealAllPending(
  dataSource: DataSource,
  key: Buffer,
  options: { now: () => Date; batchSize?: number; checkpointFile?: string; maxBatches?: number },
): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < (options.maxBatches ?? 1000); batch += 1) {
    const { sealed } = await sealPendingEvents(dataSource, key, { ...options, now: options.now() });
    total += sealed;
    if (sealed < (options.batchSize ?? 5000)) break;
  }
  return total;
}
