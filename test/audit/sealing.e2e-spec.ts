import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readWitness } from '@app/audit';
import { eventually, TestDatabase, TestHttpApp } from '@app/testing';
import { ApiWithWorker, startApiWithWorker } from '../support/api-with-worker';
import { seedDemoIdentity, signInAs } from '../support/identity-fixtures';

/** The worker (a real child process) seals what the api records; auditors verify it over HTTP. */
describe('sealing by the worker and verification by an auditor (HTTP, worker process)', () => {
  let database: TestDatabase;
  let system: ApiWithWorker;
  let api: TestHttpApp;
  let witnessDir: string;
  let witnessFile: string;
  let demo: Awaited<ReturnType<typeof seedDemoIdentity>>;
  let auditor: Awaited<ReturnType<typeof signInAs>>;

  beforeAll(async () => {
    witnessDir = mkdtempSync(path.join(os.tmpdir(), 'audit-witness-'));
    witnessFile = path.join(witnessDir, 'checkpoints.jsonl');
    system = await startApiWithWorker({ AUDIT_SEAL_INTERVAL_SECONDS: '1', AUDIT_CHECKPOINT_FILE: witnessFile });
    ({ database, api } = system);
  });
  afterAll(async () => {
    await system?.stop();
    rmSync(witnessDir, { recursive: true, force: true });
  });

  it('every event gets sealed, checkpoints reach the witness file, and the auditor’s verification passes', async () => {
    demo = await seedDemoIdentity(database);
    auditor = await signInAs(api, demo.auditor); // one session: a real clock gives one TOTP step per 30 s
    await signInAs(api, demo.officer);
    await api.http().post('/api/v1/auth/sign-in').send({ username: 'nobody', password: 'wrong password here' }).expect(401);
    const unsealed = async () =>
      (
        await database.asSuperuser<{ n: number }>(
          'SELECT count(*)::int AS n FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = e.seq)',
        )
      )[0].n;
    await eventually(async () => (await unsealed()) === 0, 'the worker to seal every event', 30000);
    expect(readWitness(witnessFile).checkpoints.length).toBeGreaterThan(0);

    const verification = await auditor.get('/api/v1/audit/verification').expect(200);
    expect(verification.body.ok).toBe(true);
    expect(verification.body.count).toBeGreaterThanOrEqual(3);
    expect(verification.body.checkpointsChecked).toBeGreaterThan(0);

    const events = await auditor.get('/api/v1/audit/events?action=sign_in.succeeded').expect(200);
    expect(events.body.items.length).toBeGreaterThanOrEqual(2); // every() holds for an empty list too
    expect(events.body.items.every((event: { sealed: boolean }) => event.sealed)).toBe(true);
  });

  it('a malformed witness line is reported with its number (not a 500), and the sealer’s next checkpoint starts a line of its own', async () => {
    const lines = readWitness(witnessFile).checkpoints.length;
    appendFileSync(witnessFile, '{"chainIndex":9999,"seq":99');
    const damaged = await auditor.get('/api/v1/audit/verification').expect(200);
    expect(damaged.body).toEqual(expect.objectContaining({ ok: false, reason: 'witness_malformed', witnessLine: lines + 1 }));

    // That verification is itself an event: the worker seals it and appends a checkpoint.
    const fileLines = () => readFileSync(witnessFile, 'utf8').split('\n');
    await eventually(() => fileLines().length >= lines + 3, 'the next checkpoint in the witness file', 30000);
    expect(fileLines()[lines]).toBe('{"chainIndex":9999,"seq":99');
    expect(JSON.parse(fileLines()[lines + 1])).toEqual(expect.objectContaining({ chainIndex: expect.any(Number), headHash: expect.any(String) }));

    // The operator removes the damaged line: verification passes again, every remaining line matching.
    writeFileSync(
      witnessFile,
      fileLines()
        .filter((line) => !line.startsWith('{"chainIndex":9999'))
        .join('\n'),
    );
    const kept = readWitness(witnessFile).checkpoints.length;
    const repaired = await auditor.get('/api/v1/audit/verification').expect(200);
    expect(repaired.body).toEqual(expect.objectContaining({ ok: true }));
    expect(repaired.body.checkpointsChecked).toBeGreaterThanOrEqual(kept); // the worker may have appended one more meanwhile
  });

  it('the verification endpoint reports a tampered trail, with the first bad sequence', async () => {
    const [first] = await database.asSuperuser<{ seq: string }>('SELECT min(seq) AS seq FROM audit_event');
    await database.asSuperuser(
      `BEGIN; SET LOCAL session_replication_role = replica; UPDATE audit_event SET outcome = 'failure' WHERE seq = ${Number(first.seq)}; COMMIT;`,
    );
    const verification = await auditor.get('/api/v1/audit/verification').expect(200);
    expect(verification.body).toEqual(expect.objectContaining({ ok: false, reason: 'edited', firstBadSeq: Number(first.seq) }));
    const [recorded] = await database.asSuperuser<{ outcome: string }>(
      `SELECT outcome FROM audit_event WHERE action = 'audit.verified' ORDER BY seq DESC LIMIT 1`,
    );
    expect(recorded.outcome).toBe('failure');
  });
});
