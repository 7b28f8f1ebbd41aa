import { DemoApi, startDemoApi } from '../support/demo-api';
import { signInAs, SignedIn } from '../support/identity-fixtures';
import { familyReadyForAman, sendToAman } from '../support/referral-fixtures';

const TRIALS = 20;
const CONCURRENT = 50;

/**
 * Accepting is claiming: 50 accepts of one referral at once, by the centre's counsellors and manager,
 * 20 times over HTTP. Each time exactly one wins and the 49 others get 409 REFERRAL_ALREADY_ACCEPTED;
 * the database holds one holder, one accept in the history, one audit event, one outbox row.
 */
describe('referrals: race-safe acceptance (HTTP, real PostgreSQL)', () => {
  let system: DemoApi;
  let centre: SignedIn[];

  beforeAll(async () => {
    system = await startDemoApi();
    centre = [
      await signInAs(system.api, system.demo.counsellor),
      await signInAs(system.api, system.demo.counsellor2),
      await signInAs(system.api, system.demo.manager),
    ];
  });
  afterAll(() => system?.stop());

  it(`${CONCURRENT} concurrent accepts × ${TRIALS} trials: exactly one winner each time`, async () => {
    const officer = await signInAs(system.api, system.demo.officer);
    const count = async (sql: string, id: string) => (await system.database.asSuperuser<{ n: number }>(sql, [id]))[0].n;
    for (let trial = 0; trial < TRIALS; trial++) {
      const family = await familyReadyForAman(officer, { title: `Race family ${trial}` });
      const referral = await sendToAman(system, officer, family);
      const answers = await Promise.all(
        Array.from({ length: CONCURRENT }, (_, index) => centre[index % centre.length].post(`/api/v1/referrals/${referral.id}/accept`)),
      );
      const statuses = answers.map((answer) => answer.status);
      expect([trial, statuses.filter((status) => status === 200).length]).toEqual([trial, 1]);
      expect(answers.filter((answer) => answer.status !== 200).map((answer) => [answer.status, answer.body.code])).toEqual(
        Array.from({ length: CONCURRENT - 1 }, () => [409, 'REFERRAL_ALREADY_ACCEPTED']),
      );
      const winner = answers.find((answer) => answer.status === 200)!;
      const [row] = await system.database.asSuperuser<{ holder_name: string; status: string }>('SELECT holder_name, status FROM referral WHERE id = $1', [
        referral.id,
      ]);
      expect(row).toEqual({ holder_name: winner.body.holderName, status: 'accepted' });
      expect(await count(`SELECT count(*)::int AS n FROM referral_history WHERE record_id = $1 AND action = 'accept'`, referral.id)).toBe(1);
      expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE object_id = $1 AND action = 'referral.accepted'`, referral.id)).toBe(1);
      expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE record_id = $1 AND event = 'referral.accepted'`, referral.id)).toBe(1);
    }
  });

  it('the database refuses a held referral without a holder, whatever the service does', async () => {
    const officer = await signInAs(system.api, system.demo.officer);
    const family = await familyReadyForAman(officer, { title: 'Check constraint family' });
    const referral = await sendToAman(system, officer, family);
    await expect(system.database.asSuperuser(`UPDATE referral SET status = 'accepted' WHERE id = $1`, [referral.id])).rejects.toThrow(
      /referral_held_has_holder/,
    );
  });
});
