import { loadConfig } from '@app/core';
import { createTestHttpApp, runChildApp, TEST_FIELD_KEYS, testEnvironment, testServices } from '@app/testing';
import { ApiModule } from '../../apps/api/src/api.module';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { consentBody } from '../support/family-case';
import { signInAs } from '../support/identity-fixtures';

const NEW_KEY = `t2:${Buffer.alloc(32, 99).toString('base64')}`;

/** Key rotation: `cli reencrypt` moves every sensitive value to the new key; an api holding only that key reads everything back. */
describe('re-encryption after a key rotation (cli child process, real PostgreSQL)', () => {
  let system: DemoApi;

  const keyIds = async () =>
    (
      await system.database.asSuperuser<{ key_id: string; n: number }>(
        `SELECT key_id, count(*)::int AS n FROM (
           SELECT split_part(v, '.', 2) AS key_id FROM person, unnest(ARRAY[document_number_enc, phones_enc, address_enc, safe_contact_note_enc]) AS v WHERE v IS NOT NULL
           UNION ALL SELECT split_part(narrative_enc, '.', 2) FROM case_file WHERE narrative_enc IS NOT NULL
           UNION ALL SELECT split_part(totp_secret_enc, '.', 2) FROM app_user WHERE totp_secret_enc IS NOT NULL
           UNION ALL SELECT split_part(v, '.', 2) FROM consent_record, unnest(ARRAY[note_enc, withdrawal_reason_enc]) AS v WHERE v IS NOT NULL
           UNION ALL SELECT split_part(v, '.', 2) FROM legal_basis, unnest(ARRAY[justification_enc, rejection_reason_enc]) AS v WHERE v IS NOT NULL) k
         GROUP BY key_id ORDER BY key_id`,
      )
    ).map((row) => `${row.key_id}:${row.n}`);
  const reencrypt = () =>
    runChildApp(
      'cli',
      {
        DATABASE_OWNER_URL: system.database.ownerUrl,
        DATABASE_API_ROLE: testServices().roles.api.name,
        DATABASE_WORKER_ROLE: testServices().roles.worker.name,
        FIELD_ENCRYPTION_KEYS: `${TEST_FIELD_KEYS},${NEW_KEY}`,
        FIELD_ENCRYPTION_ACTIVE_KEY_ID: 't2',
      },
      ['reencrypt'],
    );

  beforeAll(async () => {
    system = await startDemoApi();
  });
  afterAll(() => system?.stop());

  it('re-encrypts every value under the new key, reports counts, and a second run has nothing left to do', async () => {
    const officer = await signInAs(system.api, system.demo.officer);
    const created = await officer.post('/api/v1/cases', {
      category: 'harassment',
      urgency: 'high',
      intakeChannel: 'phone',
      title: 'Rotation check',
      narrative: 'Rotation narrative',
      subjects: [
        {
          role: 'victim',
          person: {
            nameLatin: 'Huda Jaber',
            sex: 'female',
            document: { type: 'passport', number: 'P1234567' },
            phones: ['55507777', '+97466607777'],
            address: 'Rotation address',
            safeContact: { callSafe: false, messageSafe: false, note: 'Rotation note' },
          },
        },
      ],
    });
    expect(created.status).toBe(201);
    // The ledgers' ciphertext too: a withdrawn consent (note, reason), a rejected legal basis (justification, reason).
    const subjectId = created.body.subjects[0].id;
    const consent = await officer.post(`/api/v1/cases/${created.body.id}/consents`, consentBody(subjectId, { note: 'Rotation consent note' })).expect(201);
    await officer.post(`/api/v1/consents/${consent.body.id}/withdrawal`, { reportedBy: 'subject', reason: 'Rotation withdrawal' }).expect(200);
    const basis = await officer
      .post(`/api/v1/cases/${created.body.id}/legal-bases`, {
        basis: 'court_order',
        justification: 'Rotation justification',
        subjectIds: [subjectId],
        dataCategories: ['identity'],
        expiresAt: new Date(system.clock.now().getTime() + 86_400_000).toISOString(),
      })
      .expect(201);
    await (
      await signInAs(system.api, system.demo.supervisor)
    )
      .post(`/api/v1/legal-bases/${basis.body.id}/rejection`, { version: basis.body.version, reason: 'Rotation rejection' })
      .expect(200);
    const before = await keyIds();
    expect(before.every((entry) => entry.startsWith('t1:'))).toBe(true);

    const first = await reencrypt();
    expect(first.code).toBe(0);
    expect(first.output).toContain('[cli] person.phones_enc: 1 re-encrypted');
    expect(first.output).toMatch(/\[cli\] \d+ value\(s\) re-encrypted under key t2/);
    expect(await keyIds()).toEqual([`t2:${before.reduce((sum, entry) => sum + Number(entry.split(':')[1]), 0)}`]);
    const again = await reencrypt();
    expect(again.output).toContain('[cli] 0 value(s) re-encrypted under key t2');
    const [event] = await system.database.asSuperuser<{ detail: object }>(
      `SELECT detail FROM audit_event WHERE action = 'fields.reencrypted' ORDER BY seq LIMIT 1`,
    );
    expect(event.detail).toMatchObject({ source: 'cli', activeKeyId: 't2' });
    // The ledgers are rewritten only under the owner's override, and the trail says which columns it touched.
    expect((event.detail as { ledgerColumns: string[] }).ledgerColumns.sort()).toEqual([
      'consent_record.note_enc',
      'consent_record.withdrawal_reason_enc',
      'legal_basis.justification_enc',
      'legal_basis.rejection_reason_enc',
    ]);

    // An api that holds only the new key reads every value back.
    const config = loadConfig(testEnvironment(system.database, 'api', { FIELD_ENCRYPTION_KEYS: NEW_KEY }));
    const rotated = await createTestHttpApp(ApiModule.forRoot(config), config, { clock: system.clock });
    try {
      const session = await signInAs(rotated, system.demo.supervisor); // a TOTP secret, re-encrypted too
      const personId = created.body.subjects[0].personId;
      const person = (
        await session.post(`/api/v1/persons/${personId}/reveal`, { fields: ['documentNumber', 'phones', 'address', 'safeContactNote'] }).expect(200)
      ).body;
      expect(person).toMatchObject({
        documentNumber: 'P1234567',
        phones: ['+97455507777', '+97466607777'],
        address: 'Rotation address',
        safeContactNote: 'Rotation note',
      });
      const narrative = (await session.post(`/api/v1/cases/${created.body.id}/reveal`, { fields: ['narrative'] }).expect(200)).body;
      expect(narrative).toEqual({ narrative: 'Rotation narrative' });
      const consentText = await session.post(`/api/v1/consents/${consent.body.id}/reveal`, { fields: ['note', 'withdrawalReason'] }).expect(200);
      expect(consentText.body).toEqual({ note: 'Rotation consent note', withdrawalReason: 'Rotation withdrawal' });
      const basisText = await session.post(`/api/v1/legal-bases/${basis.body.id}/reveal`, { fields: ['justification', 'rejectionReason'] }).expect(200);
      expect(basisText.body).toEqual({ justification: 'Rotation justification', rejectionReason: 'Rotation rejection' });
    } finally {
      await rotated.close();
    }
  });
});
