import { DataSource } from 'typeorm';
import { chainHash, Checkpoint, checkpointSignature, GENESIS_HASH, sameText, sealMac } from './audit-chain';

export type TamperReason = 'edited' | 'deleted' | 'rewritten' | 'truncated' | 'checkpoint_forged';

export interface VerificationResult {
  ok: boolean;
  /** Sealed events checked. */
  count: number;
  checkpointsChecked: number;
  firstBadSeq?: number;
  reason?: TamperReason;
  message?: string;
}

const FETCH_ROWS = 20_000;

type SealRow = [chainIndex: string, seq: string, hash: string, mac: string, canonical: string | null];

interface PgClient {
  query(config: { text: string; rowMode: 'array' }): Promise<{ rows: SealRow[] }>;
}

/**
 * Streams the whole chain from PostgreSQL with a cursor and recomputes it. Checks, per sealed event:
 * the event still exists, its hash follows from the previous one, the seal's MAC is valid; then
 * that the chain reaches every checkpoint of the witness file, with the same head hash. The checkpoint
 * table in the database is not trusted: the witness file is.
 */
export interface ReaderScope {
  userId?: string;
  unitId?: string;
  roles: string[];
}

export async function verifyAuditTrail(dataSource: DataSource, key: Buffer, witness: Checkpoint[], scope?: ReaderScope): Promise<VerificationResult> {
  for (const checkpoint of witness) {
    const { signature, ...unsigned } = checkpoint;
    if (!sameText(signature, checkpointSignature(key, unsigned))) {
      return { ok: false, count: 0, checkpointsChecked: 0, firstBadSeq: checkpoint.seq, reason: 'checkpoint_forged', message: `checkpoint at chain index ${checkpoint.chainIndex} has a bad signature` };
    }
  }
  const expectedHeads = new Map(witness.map((checkpoint) => [checkpoint.chainIndex, checkpoint]));
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction('REPEATABLE READ');
  try {
    const client = (runner as unknown as { databaseConnection: PgClient }).databaseConnection;
    if (scope) {
      // Row-level security decides what the reading role sees: the api reads as the signed-in auditor.
      await runner.query(`SELECT set_config('app.user_id', $1, true), set_config('app.unit_id', $2, true), set_config('app.roles', $3, true)`, [
        scope.userId ?? '',
        scope.unitId ?? '',
        scope.roles.join(','),
      ]);
    }
    await runner.query(`DECLARE audit_chain NO SCROLL CURSOR FOR
      SELECT s.chain_index, s.seq, s.hash, s.mac, CASE WHEN e.seq IS NULL THEN NULL ELSE app.audit_canonical(e) END
        FROM audit_seal s LEFT JOIN audit_event e ON e.seq = s.seq ORDER BY s.chain_index`);
    let previous = GENESIS_HASH;
    let expectedIndex = 1;
    let lastSeq = 0;
    let checked = 0;
    for (;;) {
      const { rows } = await client.query({ text: `FETCH ${FETCH_ROWS} FROM audit_chain`, rowMode: 'array' });
      for (const [chainIndex, seqText, hash, mac, canonical] of rows) {
        const seq = Number(seqText);
        const fail = (reason: TamperReason, message: string, badSeq = seq): VerificationResult => ({ ok: false, count: expectedIndex - 1, checkpointsChecked: checked, firstBadSeq: badSeq, reason, message });
        if (Number(chainIndex) !== expectedIndex) return fail('deleted', `seal ${expectedIndex} is missing`, lastSeq + 1);
        if (canonical === null) return fail('deleted', `event ${seq} was deleted`);
        const recomputed = chainHash(previous, canonical);
        if (recomputed !== hash) return fail('edited', `event ${seq} does not match its seal (edited, replaced or moved)`);
        if (!sameText(mac, sealMac(key, expectedIndex, seq, hash))) return fail('rewritten', `the seal of event ${seq} was recomputed without the key`);
        const checkpoint = expectedHeads.get(expectedIndex);
        if (checkpoint) {
          if (checkpoint.headHash !== hash || checkpoint.seq !== seq) return fail('rewritten', `the chain differs from checkpoint ${expectedIndex}`);
          checked += 1;
        }
        previous = hash;
        lastSeq = seq;
        expectedIndex += 1;
      }
      if (rows.length < FETCH_ROWS) break;
    }
    const count = expectedIndex - 1;
    const furthest = witness.reduce<Checkpoint | undefined>((best, checkpoint) => (!best || checkpoint.chainIndex > best.chainIndex ? checkpoint : best), undefined);
    if (furthest && furthest.chainIndex > count) {
      return { ok: false, count, checkpointsChecked: checked, firstBadSeq: lastSeq + 1, reason: 'truncated', message: `the chain ends at ${count}, checkpoint ${furthest.chainIndex} was witnessed` };
    }
    return { ok: true, count, checkpointsChecked: checked };
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}
