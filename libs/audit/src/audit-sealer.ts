import { DataSource } from 'typeorm';
import { execute, selectOne, selectRows, SqlExecutor } from '@app/database';
import { chainHash, chainKey, Checkpoint, checkpointSignature, GENESIS_HASH, sameText } from './audit-chain';
import { canonicalEventSql } from './canonical-event';
import { appendCheckpoint, lastWitnessedChainIndex } from './checkpoint-witness';

const SEAL_LOCK = 7_412_002;

const DEFAULT_BATCH = 5000;

export interface SealResult {
  sealed: number;
  checkpoint?: Checkpoint;
  /** The trail's first batch: only its checkpoint may begin a witness file. */
  firstOfTrail?: boolean;
}

export interface SealOptions {
  now: Date;
  batchSize?: number;
  checkpointFile?: string;
}

/**
 * Runs the work in one transaction and commits it: the worker's TransactionRunner (as its system
 * actor), or a plain DataSource's transaction in tests and benchmarks.
 */
export type InTransaction = <T>(work: (executor: SqlExecutor) => Promise<T>) => Promise<T>;

/**
 * Chains the events whose transactions have all ended, in sequence order, after the current head.
 * `pg_snapshot_xmin` is the oldest transaction still running: an event written by an older one has
 * committed (or vanished with a rollback), so nothing can appear below it later. A transaction that
 * took a low sequence number and commits late is simply sealed in a later batch: the chain follows
 * sealing order, and each seal names its event's sequence number. One sealer at a time (advisory lock).
 */
export async function sealPendingEvents(inTransaction: InTransaction, key: Buffer, options: SealOptions): Promise<SealResult> {
  const result = await inTransaction((executor) => sealBatch(executor, key, options));
  // Only what committed reaches the witness: a checkpoint of a rolled-back batch would be a lie.
  if (result.checkpoint && options.checkpointFile) appendCheckpoint(options.checkpointFile, result.checkpoint, { mayCreate: result.firstOfTrail });
  return result;
}

async function sealBatch(executor: SqlExecutor, key: Buffer, options: SealOptions): Promise<SealResult> {
  const { locked } = (await selectOne<{ locked: boolean }>(executor, 'SELECT pg_try_advisory_xact_lock($1) AS locked', [SEAL_LOCK]))!;
  if (!locked) return { sealed: 0 };
  const head = await selectOne<{ chain_index: number; hash: string }>(
    executor,
    'SELECT chain_index::int AS chain_index, hash FROM audit_seal ORDER BY chain_index DESC LIMIT 1',
  );
  const pending = await selectRows<{ seq: string; canonical: string }>(
    executor,
    `SELECT e.seq, ${canonicalEventSql('e')} AS canonical FROM audit_event e
      WHERE e.txid < pg_snapshot_xmin(pg_current_snapshot())
        AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = e.seq)
      ORDER BY e.seq LIMIT $1`,
    [options.batchSize ?? DEFAULT_BATCH],
  );
  if (pending.length === 0) return { sealed: 0 };
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
  await execute(
    executor,
    `INSERT INTO audit_seal (chain_index, seq, hash, sealed_at)
     SELECT i, s, h, $4 FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS t(i, s, h)`,
    [indexes, pending.map((event) => event.seq), hashes, options.now],
  );
  const unsigned = { chainIndex: index, seq: Number(pending[pending.length - 1].seq), headHash: hash, createdAt: options.now.toISOString() };
  const checkpoint = { ...unsigned, signature: checkpointSignature(key, unsigned) };
  await execute(executor, 'INSERT INTO audit_checkpoint (chain_index, seq, head_hash, created_at, signature) VALUES ($1, $2, $3, $4, $5)', [
    checkpoint.chainIndex,
    checkpoint.seq,
    checkpoint.headHash,
    options.now,
    checkpoint.signature,
  ]);
  return { sealed: pending.length, checkpoint, firstOfTrail: !head };
}

/**
 * Writes to the witness the checkpoints it missed (a batch whose line could not be written: the
 * storage was away), each checked against its signature first, so a line is never taken from a
 * checkpoint row someone without the key wrote. A witness that vanished while checkpoints exist is
 * not rebuilt from the database: that would hide a truncation made meanwhile. It is an error, for
 * the operator to resolve (the verifier reports `witness_missing`).
 */
export async function witnessMissedCheckpoints(inTransaction: InTransaction, key: Buffer, file: string): Promise<number> {
  const last = lastWitnessedChainIndex(file);
  const rows = await inTransaction((executor) =>
    selectRows<{ chain_index: string; seq: string; head_hash: string; created_at: Date; signature: string }>(
      executor,
      'SELECT chain_index, seq, head_hash, created_at, signature FROM audit_checkpoint WHERE chain_index > $1 ORDER BY chain_index',
      [last ?? 0],
    ),
  );
  if (rows.length === 0) return 0;
  if (last === undefined) throw new Error(`the audit witness ${file} is missing while ${rows.length} checkpoint(s) exist: it is not rebuilt from the database`);
  let written = 0;
  for (const row of rows) {
    const unsigned = { chainIndex: Number(row.chain_index), seq: Number(row.seq), headHash: row.head_hash, createdAt: row.created_at.toISOString() };
    if (!sameText(row.signature, checkpointSignature(key, unsigned)))
      throw new Error(`checkpoint row ${unsigned.chainIndex} has a bad signature: not witnessed`);
    appendCheckpoint(file, { ...unsigned, signature: row.signature });
    written += 1;
  }
  return written;
}

/** Seals batches until nothing is left (or `maxBatches` ran); returns how many events were sealed. */
export async function sealAllPending(
  source: DataSource | InTransaction,
  key: Buffer,
  options: Omit<SealOptions, 'now'> & { now: () => Date; maxBatches?: number },
): Promise<number> {
  const inTransaction: InTransaction = source instanceof DataSource ? (work) => source.transaction(work) : source;
  // A witness that cannot take its missed lines now does not stop sealing (the chain itself still
  // protects every sealed event); the failure is raised once the batches are sealed, for the log.
  let witnessFailure: unknown;
  if (options.checkpointFile) await witnessMissedCheckpoints(inTransaction, key, options.checkpointFile).catch((error: unknown) => (witnessFailure = error));
  let total = 0;
  for (let batch = 0; batch < (options.maxBatches ?? 1000); batch += 1) {
    const { sealed } = await sealPendingEvents(inTransaction, key, { ...options, now: options.now() });
    total += sealed;
    if (sealed < (options.batchSize ?? DEFAULT_BATCH)) break;
  }
  if (witnessFailure) throw witnessFailure;
  return total;
}
