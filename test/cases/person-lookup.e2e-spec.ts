import { TestDatabase } from '@app/testing';
import { arabicSearchKey, latinSearchKey, nameSkeleton } from '../../libs/cases/src/names';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { signInAs, SignedIn } from '../support/identity-fixtures';
import { inScopedTransaction, TestScope } from '../support/scoped-client';

/**
 * The person look-up index (person_lookup, app.person_lookup) below HTTP: it is the owner's, read
 * through one SECURITY DEFINER function, so that function is the wall: the caller's unit only, only
 * with person.read, nothing typed spliced into SQL, and kept in step with person by its trigger.
 */
describe('person look-up index (real PostgreSQL)', () => {
  let system: DemoApi;
  let database: TestDatabase;
  let officer: SignedIn;
  let rayyan: TestScope;
  let wakra: TestScope;
  const ids: Record<string, string> = {};

  const lookup = (scope: TestScope, kind: string, key: string, birthYear: number | null = null, limit = 10) =>
    inScopedTransaction(database, 'api', scope, async (client) =>
      (
        await client.query<{ id: string }>(`SELECT app.person_lookup($1, string_to_array($2, ' '), $3::int, $4::int) AS id`, [kind, key, birthYear, limit])
      ).rows.map((row) => row.id),
    );

  beforeAll(async () => {
    system = await startDemoApi();
    database = system.database;
    officer = await signInAs(system.api, system.demo.officer);
    const wakraOfficer = await signInAs(system.api, system.demo['officer.wakra']);
    rayyan = { userId: system.userIds.officer, unitId: system.unitIds['CPD-RAYYAN'], roles: ['desk_officer'] };
    wakra = { userId: system.userIds['officer.wakra'], unitId: system.unitIds['CPD-WAKRA'], roles: ['desk_officer'] };
    const create = async (session: SignedIn, name: string, body: object) => {
      ids[name] = (await session.post('/api/v1/persons', { sex: 'male', ...body }).expect(201)).body.id;
    };
    await create(officer, 'khalid1980', { nameAr: 'خالد سالم المري', nameLatin: 'Khalid Salem Al-Marri', birthDate: '1980-03-01' });
    await create(officer, 'khalid1995', { nameAr: 'خالد سالم المري', birthDate: '1995-06-01' });
    await create(officer, 'phone', { nameLatin: 'Rashid Hamad', phones: ['+974 3312 4455'] });
    await create(wakraOfficer, 'wakraKhalid', { nameAr: 'خالد سالم المري', birthDate: '1980-03-01' });
  });
  afterAll(() => system?.stop());

  it('no runtime role can read or write the look-up tables directly', async () => {
    for (const role of ['api', 'worker'] as const) {
      for (const table of ['person_lookup', 'person_lookup_word']) {
        await expect(inScopedTransaction(database, role, rayyan, (client) => client.query(`SELECT 1 FROM ${table} LIMIT 1`))).rejects.toThrow(
          /permission denied/,
        );
      }
    }
  });

  it('answers for the caller’s unit only, and nothing without person.read', async () => {
    const key = arabicSearchKey('خالد المري');
    expect((await lookup(rayyan, 'a', key)).sort()).toEqual([ids.khalid1980, ids.khalid1995].sort());
    expect(await lookup(wakra, 'a', key)).toEqual([ids.wakraKhalid]);
    expect(await lookup({ ...rayyan, roles: ['administrator'] }, 'a', key)).toEqual([]);
    expect(await lookup({ ...rayyan, permissions: [] }, 'a', key)).toEqual([]);
    expect(await lookup({ ...rayyan, unitId: '' }, 'a', key)).toEqual([]);
  });

  it('puts namesakes born within a year first, and finds across scripts and through a mistyped word', async () => {
    expect(await lookup(rayyan, 'a', arabicSearchKey('خالد المري'), 1981, 1)).toEqual([ids.khalid1980]);
    expect(await lookup(rayyan, 'a', arabicSearchKey('خالد المري'), 1995, 1)).toEqual([ids.khalid1995]);
    // The Latin spelling of a person recorded in Arabic: its skeleton against the Arabic names' skeletons.
    expect((await lookup(rayyan, 'A', nameSkeleton('Khaled Al Marri'))).sort()).toEqual([ids.khalid1980, ids.khalid1995].sort());
    expect(await lookup(rayyan, 'l', latinSearchKey('Khaled Salem Al-Mari'))).toEqual([ids.khalid1980]);
    // One word matching nothing is dropped in the last tier.
    expect(await lookup(rayyan, 'l', latinSearchKey('Khalid Qwxyz'))).toEqual([ids.khalid1980]);
  });

  it('finds by phone hash, any of several', async () => {
    const [row] = await database.asSuperuser<{ phone_hashes: string[] }>('SELECT phone_hashes FROM person WHERE id = $1', [ids.phone]);
    expect(await lookup(rayyan, 'p', ['not-a-hash', ...row.phone_hashes].join(' '))).toEqual([ids.phone]);
    expect(await lookup(wakra, 'p', row.phone_hashes.join(' '))).toEqual([]);
  });

  it('splices nothing typed into its SQL: quotes, braces and backslashes are only words', async () => {
    for (const typed of [`x' OR true --`, `{a:محمد}`, `\\' ); SELECT 1; --`, `"quoted" $$ $1`, `' || pg_sleep(1) || '`]) {
      expect(await lookup(rayyan, 'l', typed)).toEqual([]);
      expect(await lookup(rayyan, 'a', typed, 1980)).toEqual([]);
    }
  });

  it('follows a person’s name and birth date when they change', async () => {
    const { version } = (await officer.get(`/api/v1/persons/${ids.phone}`).expect(200)).body;
    await officer.patch(`/api/v1/persons/${ids.phone}`, { version, nameLatin: 'Rashid Nasser', birthDate: '1970-01-01' }).expect(200);
    expect(await lookup(rayyan, 'l', latinSearchKey('Rashid Nasser'), 1970)).toEqual([ids.phone]);
    expect(await lookup(rayyan, 'l', latinSearchKey('Rashid Hamad'))).toEqual([ids.phone]); // the tier without one word still finds Rashid
    expect(await lookup(rayyan, 'l', latinSearchKey('Hamad'))).toEqual([]);
  });
});
