import { DataSource, QueryRunner } from 'typeorm';
import { SCOPE_SETTINGS_SQL, ScopeSettings, scopeSettingsParams } from '@app/database';
import { chainHash, chainKey, checkpointSignature, GENESIS_HASH, sameText } from './audit-chain';
import { AuditEvent } from './audit-trail';
import { VerificationRunningException } from './audit.exception';
import { canonicalEventSql } from './canonical-event';
import { Witness, WitnessedCheckpoint } from './checkpoint-witness';

/** Why a verification failed: the chain was changed, or the witness it is held against cannot be relied on. */
export const TAMPER_REASONS = [
  'edited',
  'deleted',
  'rewritten',
  'truncated',
  'checkpoint_forged',
  'witness_missing',
  'witness_malformed',
  'witness_unreadable',
] as const;
export type TamperReason = (typeof TAMPER_REASONS)[number];

/** Failures of the witness file rather than of the chain: the trail could not be shown intact. */
export const WITNESS_PROBLEMS: readonly TamperReason[] = ['witness_missing', 'witness_malformed', 'witness_unreadable'];

export interface VerificationResult {
  ok: boolean;
  /** Sealed events checked. */
  count: number;
  checkpointsChecked: number;
  firstBadSeq?: number;
  reason?: TamperReason;
  message?: string;
  /** The witness file's line (from 1) the failure was found at, when it is about one. */
  witnessLine?: number;
}

/** A verification is recorded whatever its result: outcome, count and where it failed, never the trail's contents. */
export function verificationAuditEvent(result: VerificationResult, detail: Record<string, unknown> = {}): AuditEvent {
  const where = result.witnessLine === undefined ? {} : { witnessLine: result.witnessLine };
  return {
    action: 'audit.verified',
    outcome: result.ok ? 'success' : 'failure',
    detail: { count: result.count, reason: result.reason ?? null, firstBadSeq: result.firstBadSeq ?? null, ...where, ...detail },
  };
}

/** A verification that stopped on an error (the database, the witness file): recorded as not finished. */
export function unfinishedVerificationAuditEvent(detail: Record<string, unknown> = {}): AuditEvent {
  return { action: 'audit.verified', outcome: 'failure', detail: { count: null, reason: 'not_finished', firstBadSeq: null, ...detail } };
}

const BATCH = 25_000;
const EVENT_CONNECTIONS = 2;

/** Connections one verification uses at most: one for the seals, the others for the events. */
export const VERIFIER_POOL_SIZE = 1 + EVENT_CONNECTIONS;

/** Held for the verification's transaction: one verification at a time per database, across processes. */
const VERIFICATION_LOCK = 7_412_003;

type SealRow = [chainIndex: string, seq: string, hash: string];
type EventRow = [seq: string, canonical: string];

interface PgClient {
  query<R>(config: { text: string; values: unknown[]; rowMode: 'array' }): Promise<{ rows: R[] }>;
}

/**
 * Seals in chain order and events in sequence order, each read as an index range scan (a join
 * would probe the event index once per seal). Events are matched to seals in memory: seals follow
 * sequence order but for late commits, so the buffer of events read ahead stays small. The next
 * range is asked for before the current one is hashed, so PostgreSQL and Node work at once.
 */
class ChainReader {
  private readonly buffered = new Map<number, string>();
  private inOrder: EventRow[] = [];
  private position = 0;
  /** Every event with a sequence number up to here has been read. */
  private eventFrontier = 0;
  private nextRangeStart = 0;
  private readonly inFlight: { end: number; rows: Promise<EventRow[]> }[] = [];

  /**
   * Connections sharing one snapshot: one reads seals, the others render events in fixed sequence
   * ranges, turn about, so several PostgreSQL backends work while Node hashes.
   */
  constructor(
    private readonly sealClient: PgClient,
    private readonly eventClients: PgClient[],
    private readonly maxSeq: number,
  ) {
    this.requestEvents();
  }

  seals(afterIndex: number): Promise<SealRow[]> {
    return this.sealClient
      .query<SealRow>({
        text: 'SELECT chain_index, seq, hash FROM audit_seal WHERE chain_index > $1 ORDER BY chain_index LIMIT $2',
        values: [afterIndex, BATCH],
        rowMode: 'array',
      })
      .then((result) => result.rows);
  }

  /**
   * The canonical text of event `seq` if it is already read: the usual case, answered without a
   * promise (seals follow sequence order but for late commits, so the next event in line is checked first).
   */
  takeReady(seq: number): string | undefined {
    let next = this.inOrder[this.position];
    // Events passed over (a late commit sealed further on, or never sealed) wait in the map.
    while (next && Number(next[0]) < seq) {
      this.buffered.set(Number(next[0]), next[1]);
      next = this.inOrder[++this.position];
    }
    if (next && Number(next[0]) === seq) {
      this.position += 1;
      return next[1];
    }
    return this.takeFromBuffer(seq);
  }

  /** Whether more events may still arrive that could hold `seq`. */
  mayStillArrive(seq: number): boolean {
    return seq > this.eventFrontier && this.eventFrontier < this.maxSeq;
  }

  /** Reads on until `seq` is read or cannot come any more; undefined when the event no longer exists. */
  async take(seq: number): Promise<string | undefined> {
    for (;;) {
      const canonical = this.takeReady(seq);
      if (canonical !== undefined || !this.mayStillArrive(seq)) return canonical;
      await this.readMoreEvents();
    }
  }

  private takeFromBuffer(seq: number): string | undefined {
    const canonical = this.buffered.get(seq);
    this.buffered.delete(seq);
    return canonical;
  }

  private async readMoreEvents(): Promise<void> {
    const next = this.inFlight.shift();
    if (!next) {
      this.eventFrontier = this.maxSeq;
      return;
    }
    const rows = await next.rows;
    this.requestEvents();
    // What is left of the current batch waits in the map before the next batch replaces it.
    for (let index = this.position; index < this.inOrder.length; index += 1) this.buffered.set(Number(this.inOrder[index][0]), this.inOrder[index][1]);
    this.inOrder = rows;
    this.position = 0;
    this.eventFrontier = next.end;
  }

  /** Keeps one range in flight per event connection; each connection answers its ranges in order. */
  private requestEvents(): void {
    const text = `SELECT e.seq, ${canonicalEventSql('e')} FROM audit_event e WHERE e.seq > $1 AND e.seq <= $2 ORDER BY e.seq`;
    while (this.inFlight.length < this.eventClients.length && this.nextRangeStart < this.maxSeq) {
      const start = this.nextRangeStart;
      const end = start + BATCH;
      const client = this.eventClients[(start / BATCH) % this.eventClients.length];
      this.inFlight.push({ end, rows: client.query<EventRow>({ text, values: [start, end], rowMode: 'array' }).then((result) => result.rows) });
      this.nextRangeStart = end;
    }
  }
}

/** The running check: each seal against its event and its predecessor, then against the witness. */
class ChainCheck {
  private previous = GENESIS_HASH;
  private expectedIndex = 1;
  private lastSeq = 0;
  private checked = 0;
  /** Every witness line counts, so a second line for a chain index cannot stand in for the first. */
  private readonly linesByIndex = new Map<number, WitnessedCheckpoint[]>();

  constructor(
    private readonly prefix: string,
    private readonly witness: Witness,
  ) {
    for (const checkpoint of witness.checkpoints)
      this.linesByIndex.set(checkpoint.chainIndex, [...(this.linesByIndex.get(checkpoint.chainIndex) ?? []), checkpoint]);
  }

  next(chainIndex: number, seq: number, hash: string, canonical: string | undefined): VerificationResult | undefined {
    if (chainIndex !== this.expectedIndex) return this.fail('deleted', `seal ${this.expectedIndex} is missing`, this.lastSeq + 1);
    if (canonical === undefined) return this.fail('deleted', `event ${seq} was deleted`, seq);
    // A changed event, or seals recomputed from here on by someone without the key.
    if (chainHash(this.prefix, this.previous, canonical) !== hash)
      return this.fail('edited', `event ${seq} does not match its seal (edited, replaced or moved)`, seq);
    const differing = this.againstWitness(chainIndex, seq, hash);
    if (differing) return differing;
    this.previous = hash;
    this.lastSeq = seq;
    this.expectedIndex += 1;
    return undefined;
  }

  /** The chain must reach the furthest checkpoint the witness saw, and a sealed trail must have a witness. */
  finish(): VerificationResult {
    const count = this.expectedIndex - 1;
    const furthest = this.witness.checkpoints.reduce((most, checkpoint) => Math.max(most, checkpoint.chainIndex), 0);
    if (furthest > count) return this.fail('truncated', `the chain ends at ${count}, checkpoint ${furthest} was witnessed`, this.lastSeq + 1);
    // Without a witness a truncated tail would pass: only a new trail (nothing sealed yet) may lack one.
    if (count > 0 && this.witness.checkpoints.length === 0) {
      const message = this.witness.configured
        ? `the witness file is missing or empty, but ${count} events are sealed`
        : `no witness file is configured (AUDIT_CHECKPOINT_FILE), but ${count} events are sealed`;
      return { ok: false, count, checkpointsChecked: 0, reason: 'witness_missing', message };
    }
    return { ok: true, count, checkpointsChecked: this.checked };
  }

  /**
   * A deleted newest event, replaced by a filler the sealer then sealed at the same chain index, leaves
   * two lines for that index: the first no longer matches. The earlier of the two sequence numbers is
   * where the chain and the witness part.
   */
  private againstWitness(chainIndex: number, seq: number, hash: string): VerificationResult | undefined {
    for (const checkpoint of this.linesByIndex.get(chainIndex) ?? []) {
      if (checkpoint.headHash !== hash || checkpoint.seq !== seq) {
        const message = `the chain differs from checkpoint ${chainIndex} (witness line ${checkpoint.line})`;
        return { ...this.fail('rewritten', message, Math.min(seq, checkpoint.seq)), witnessLine: checkpoint.line };
      }
      this.checked += 1;
    }
    return undefined;
  }

  private fail(reason: TamperReason, message: string, firstBadSeq: number): VerificationResult {
    return { ok: false, count: this.expectedIndex - 1, checkpointsChecked: this.checked, firstBadSeq, reason, message };
  }
}

/** A damaged or forged witness is reported before the chain is read: nothing in it can be relied on. */
function witnessFailure(key: Buffer, witness: Witness): VerificationResult | undefined {
  if (witness.unreadable) {
    return { ok: false, count: 0, checkpointsChecked: 0, reason: 'witness_unreadable', message: 'the witness file cannot be read' };
  }
  if (witness.malformedLine !== undefined) {
    const message = `witness line ${witness.malformedLine} is not a checkpoint (the file is damaged)`;
    return { ok: false, count: 0, checkpointsChecked: 0, reason: 'witness_malformed', message, witnessLine: witness.malformedLine };
  }
  for (const { line, signature, ...unsigned } of witness.checkpoints) {
    if (!sameText(signature, checkpointSignature(key, unsigned))) {
      const message = `checkpoint at chain index ${unsigned.chainIndex} (witness line ${line}) has a bad signature`;
      return { ok: false, count: 0, checkpointsChecked: 0, firstBadSeq: unsigned.seq, reason: 'checkpoint_forged', message, witnessLine: line };
    }
  }
  return undefined;
}

/**
 * Streams the whole chain from PostgreSQL and recomputes it: every sealed event still exists, and its
 * keyed hash follows from the previous one; then the chain reaches every checkpoint of the witness
 * file with the same head. The checkpoint table in the database is not trusted: the file is.
 */
export async function verifyAuditTrail(dataSource: DataSource, key: Buffer, witness: Witness, scope?: ScopeSettings): Promise<VerificationResult> {
  const unusable = witnessFailure(key, witness);
  if (unusable) return unusable;
  const prefix = chainKey(key);
  // Never more connections than the pool holds, or the verifier would wait on itself: with a pool of
  // one, seals and events are read on the same connection, one query after the other.
  const poolSize = Number((dataSource.options.extra as { max?: number } | undefined)?.max ?? 10);
  const eventConnections = Math.max(0, Math.min(EVENT_CONNECTIONS, poolSize - 1));
  const runners = Array.from({ length: 1 + eventConnections }, () => dataSource.createQueryRunner());
  try {
    const [sealClient, ...eventClients] = await openOnOneSnapshot(runners, scope);
    const { rows } = await sealClient.query<[string | null]>({ text: 'SELECT max(seq) FROM audit_event', values: [], rowMode: 'array' });
    const reader = new ChainReader(sealClient, eventClients.length > 0 ? eventClients : [sealClient], Number(rows[0][0] ?? 0));
    const chain = new ChainCheck(prefix, witness);
    let pending = reader.seals(0);
    for (let rows = await pending; rows.length > 0; rows = await pending) {
      pending = reader.seals(Number(rows[rows.length - 1][0]));
      for (const [chainIndex, seqText, hash] of rows) {
        const seq = Number(seqText);
        const ready = reader.takeReady(seq);
        const canonical = ready !== undefined || !reader.mayStillArrive(seq) ? ready : await reader.take(seq);
        const failure = chain.next(Number(chainIndex), seq, hash, canonical);
        if (failure) return failure;
      }
    }
    return chain.finish();
  } finally {
    for (const runner of runners) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }
}

/**
 * All transactions see the same snapshot (pg_export_snapshot), under the reader's row-level-security
 * scope. The first takes the verification lock before the others connect, so a refused verification
 * holds one connection for a moment only.
 */
async function openOnOneSnapshot(runners: QueryRunner[], scope?: ScopeSettings): Promise<PgClient[]> {
  let snapshot: string | undefined;
  for (const runner of runners) {
    await runner.connect();
    await runner.startTransaction('REPEATABLE READ');
    await liftRuntimeLimits(runner);
    if (runner === runners[0]) await takeVerificationLock(runner);
    if (snapshot) await runner.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/[^0-9A-F-]/gi, '')}'`);
    else snapshot = (await runner.query('SELECT pg_export_snapshot() AS id'))[0].id as string;
    // Row-level security decides what the reading role sees: the api reads as the signed-in auditor.
    if (scope) await runner.query(SCOPE_SETTINGS_SQL, scopeSettingsParams(scope));
  }
  return runners.map((runner) => (runner as unknown as { databaseConnection: PgClient }).databaseConnection);
}

/**
 * A whole trail takes longer than the runtime pools allow a request's statement, and one connection
 * idles while another reads. Lifting both is safe: the verifier only reads, so its transactions take
 * no transaction id and never hold sealing back (`pg_snapshot_xmin`).
 */
async function liftRuntimeLimits(runner: QueryRunner): Promise<void> {
  await runner.query('SET LOCAL statement_timeout = 0');
  await runner.query('SET LOCAL idle_in_transaction_session_timeout = 0');
}

/** A transaction lock: released with the verification's transaction, or with its connection if the process dies. */
async function takeVerificationLock(runner: QueryRunner): Promise<void> {
  const [{ locked }] = await runner.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [VERIFICATION_LOCK]);
  if (!locked) throw new VerificationRunningException();
}
