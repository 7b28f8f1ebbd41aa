import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChildApp, eventually, TestDatabase, TestHttpApp } from '@app/testing';
import { ApiWithWorker, startApiWithWorker } from '../support/api-with-worker';

/*
 * Review finding: when the worker cannot append a checkpoint to the witness file, the batch stays
 * sealed (committed before the append), the job fails without any log line (the processor has no
 * failure logging) and readiness stays green, so nobody learns that the trail's tail is unwitnessed.
 */
describe('a witness the worker cannot write is visible (worker process)', () => {
  let database: TestDatabase;
  let system: ApiWithWorker;
  let api: TestHttpApp;
  let worker: ChildApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'review-witness-'));
    const witnessFile = path.join(dir, 'checkpoints.jsonl');
    mkdirSync(witnessFile); // the witness path is not writable as a file
    system = await startApiWithWorker({ AUDIT_SEAL_INTERVAL_SECONDS: '1', AUDIT_CHECKPOINT_FILE: witnessFile });
    ({ database, api, worker } = system);
  });
  afterAll(async () => {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the worker logs the failed checkpoint, or readiness reports the sealer down', async () => {
    await api.http().post('/api/v1/auth/sign-in').send({ username: 'nobody', password: 'wrong password here' }).expect(401);
    await eventually(async () => (await database.asSuperuser('SELECT 1 FROM audit_seal')).length > 0, 'the event sealed', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const complaints = worker.logs.lines.filter((line) => {
      try {
        return (JSON.parse(line) as { level: number }).level >= 40;
      } catch {
        return false;
      }
    });
    const ready = await api.http().get('/health/ready');
    expect({ complaints: complaints.length > 0 || ready.status === 503 }).toEqual({ complaints: true });
  }, 90_000);
});
