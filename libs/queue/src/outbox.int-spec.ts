import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ClsService } from 'nestjs-cls';
import { Client } from 'pg';
import { CoreModule, loadConfig } from '@app/core';
import { DatabaseModule, TransactionRunner } from '@app/database';
import { createTestDatabase, TestDatabase, testEnvironment } from '@app/testing';
import { OutboxAudience, OutboxModule, OutboxWriter } from './outbox';

const RECORD_ID = '7c1f3c2e-8d3a-4f0b-9a51-0c2d4e6f8a10';

/** The outbox writer joins the use case's transaction, as the api's runtime role (real PostgreSQL). */
describe('the outbox writer (real PostgreSQL)', () => {
  let database: TestDatabase;
  let app: INestApplicationContext;
  let writer: OutboxWriter;
  let tx: TransactionRunner;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig(testEnvironment(database, 'api'));
    const moduleRef = await Test.createTestingModule({
      imports: [CoreModule.forRoot(config, 'api'), DatabaseModule.forProcess('api'), OutboxModule],
    }).compile();
    app = await moduleRef.init();
    writer = app.get(OutboxWriter);
    tx = app.get(TransactionRunner);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const inRequest = <T>(work: () => Promise<T>) => app.get(ClsService).run(work);
  const rows = () =>
    database.as<Record<string, unknown>>('worker', 'SELECT event, record_type, record_id, audiences, published_at FROM outbox ORDER BY created_at');
  const message = { event: 'referral.sent', recordType: 'referral', recordId: RECORD_ID, audiences: [OutboxAudience.CentreOffice] };

  it('writes inside a transaction that commits: the row carries the event, the record id and audience codes only', async () => {
    const id = await inRequest(() => tx.run(() => writer.write(message)));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await rows()).toEqual([{ event: 'referral.sent', record_type: 'referral', record_id: RECORD_ID, audiences: ['centre_office'], published_at: null }]);
  });

  it('a rolled-back transaction leaves no row', async () => {
    const before = (await rows()).length;
    await expect(
      inRequest(() =>
        tx.run(async () => {
          await writer.write(message);
          throw new Error('the use case failed after writing its outbox row');
        }),
      ),
    ).rejects.toThrow(/use case failed/);
    expect(await rows()).toHaveLength(before);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(inRequest(() => writer.write(message))).rejects.toThrow(/No transaction/);
  });

  it.each([
    ['a record id that is not a UUID', { recordId: 'CP-2026-000042' }, /UUID/],
    ['an event in the wrong shape', { event: 'Referral Sent' }, /record\.event/],
    ['no audience', { audiences: [] }, /audiences/],
    ['an audience that is not a code', { audiences: ['someone@example.org'] }, /audiences/],
  ])('refuses %s before it reaches SQL', async (_what, change, expected) => {
    await expect(inRequest(() => tx.run(() => writer.write({ ...message, ...change } as typeof message)))).rejects.toThrow(expected);
  });

  it('the api role writes but cannot read the outbox back', async () => {
    await expect(database.as('api', 'SELECT * FROM outbox')).rejects.toThrow(/permission denied/);
  });

  it('a committed row wakes a listener (NOTIFY outbox), delivered at commit', async () => {
    const listener: Client = await database.connect('worker');
    try {
      await listener.query('LISTEN outbox');
      const woken = new Promise<string>((resolve) => listener.on('notification', (notification) => resolve(notification.channel)));
      await inRequest(() => tx.run(() => writer.write(message)));
      await expect(woken).resolves.toBe('outbox');
    } finally {
      await listener.end();
    }
  });
});
