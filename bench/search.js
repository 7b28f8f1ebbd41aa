'use strict';
// Name search over many persons: POST /api/v1/persons/suggestions (the search the officer's typing
// drives) with an Arabic name spelled differently, a Latin name spelled differently, and a Latin
// spelling of a person recorded in Arabic only (cross-script), at 10 concurrent searches.
// Usage: `npm run bench:search [-- persons seconds concurrency]` (defaults 1,000,000, 15 s, 10).
// Names are drawn with a skewed (power-law) weight from common Gulf, Levantine, Egyptian and South
// Asian names, as real registers are: many Mohammeds, which is what makes trigram search hard.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const pg = require('pg');
const { startStack } = require('./lib/stack');

const persons = Number(process.argv[2] || 1000000);
const seconds = Number(process.argv[3] || 15);
const concurrency = Number(process.argv[4] || 10);

/** [Arabic, Latin spellings as passports have them]: given names (also used as fathers' names). */
const GIVEN = [
  ['محمد', ['Mohammed', 'Mohamed', 'Muhammad', 'Mohamad']],
  ['أحمد', ['Ahmed', 'Ahmad']],
  ['عبدالله', ['Abdulla', 'Abdullah', 'Abdallah']],
  ['علي', ['Ali']],
  ['خالد', ['Khalid', 'Khaled']],
  ['يوسف', ['Yousef', 'Youssef', 'Yusuf']],
  ['حمد', ['Hamad']],
  ['فاطمة', ['Fatima', 'Fatma']],
  ['مريم', ['Mariam', 'Maryam']],
  ['عائشة', ['Aisha', 'Ayesha']],
  ['نورة', ['Noora', 'Noura']],
  ['سارة', ['Sara', 'Sarah']],
  ['حسن', ['Hassan', 'Hasan']],
  ['حسين', ['Hussain', 'Hussein', 'Husain']],
  ['عمر', ['Omar', 'Umar']],
  ['إبراهيم', ['Ibrahim', 'Ebrahim']],
  ['سالم', ['Salem', 'Salim']],
  ['راشد', ['Rashid', 'Rashed']],
  ['جاسم', ['Jassim', 'Jasim']],
  ['ناصر', ['Nasser', 'Naser']],
  ['سلطان', ['Sultan']],
  ['طارق', ['Tariq', 'Tarek']],
  ['زينب', ['Zainab', 'Zeinab']],
  ['هند', ['Hind']],
  ['لطيفة', ['Latifa', 'Latifah']],
  ['شيخة', ['Shaikha', 'Sheikha']],
  ['منى', ['Mona', 'Muna']],
  ['ريم', ['Reem', 'Rim']],
  ['بلال', ['Bilal']],
  ['عمران', ['Imran']],
  ['إقبال', ['Iqbal']],
  ['رحمن', ['Rahman']],
  ['كريم', ['Karim', 'Kareem']],
  ['سمير', ['Samir', 'Sameer']],
  ['وليد', ['Walid', 'Waleed']],
  ['ماجد', ['Majid', 'Majed']],
  ['فهد', ['Fahad', 'Fahd']],
  ['سعود', ['Saud', 'Saoud']],
  ['غانم', ['Ghanim', 'Ghanem']],
  ['ظافر', ['Dhafer', 'Zafer']],
];
const FAMILY = [
  ['الكواري', ['Al-Kuwari', 'Alkuwari']],
  ['المري', ['Al-Marri', 'Almarri']],
  ['النعيمي', ['Al-Naimi', 'Alnaimi']],
  ['الثاني', ['Al-Thani', 'Al Thani']],
  ['المنصوري', ['Al-Mansoori', 'Almansouri']],
  ['الهاجري', ['Al-Hajri', 'Alhajri']],
  ['السليطي', ['Al-Sulaiti', 'Alsulaiti']],
  ['العلي', ['Al-Ali']],
  ['الخليفي', ['Al-Khulaifi', 'Alkhulaifi']],
  ['المهندي', ['Al-Mohannadi', 'Almohannadi']],
  ['الكبيسي', ['Al-Kubaisi', 'Alkubaisi']],
  ['العطية', ['Al-Attiyah', 'Alattiya']],
  ['حداد', ['Haddad']],
  ['خوري', ['Khoury', 'Khouri']],
  ['منصور', ['Mansour', 'Mansoor']],
  ['عبدالرحمن', ['Abdelrahman', 'Abdulrahman']],
  ['صديقي', ['Siddiqui', 'Siddiqi']],
  ['خان', ['Khan']],
  ['شيخ', ['Sheikh', 'Shaikh']],
  ['حسين', ['Hussain', 'Hussein']],
  ['الشمري', ['Al-Shammari', 'Alshammari']],
  ['العنزي', ['Al-Anazi', 'Alanazi']],
  ['الدوسري', ['Al-Dosari', 'Aldosari']],
];

/** Fills the unit with `persons` generated rows, in two parallel sessions (one per core), as the schema owner. */
async function generate(ownerUrl, unitId, userId) {
  const part = Math.ceil(persons / 2);
  const sql = `
    WITH g AS (SELECT 1 + floor(power(random(), 2.5) * $5)::int AS gi, 1 + floor(power(random(), 2.5) * $5)::int AS fi,
                      1 + floor(power(random(), 1.5) * $6)::int AS ki, random() AS script, random() AS v, n
                 FROM generate_series(1, $1) n)
    INSERT INTO person (unit_id, recorded_by, name_ar, name_latin, birth_date, sex, created_at, updated_at)
    SELECT $2, $3,
           CASE WHEN script < 0.75 THEN ($7::text[])[gi] || ' ' || ($7::text[])[fi] || ' ' || ($9::text[])[ki] END,
           CASE WHEN script >= 0.25 THEN split_part(($8::text[])[gi], '|', 1 + floor(v * 2)::int) || ' ' || split_part(($8::text[])[fi], '|', 1)
                  || ' ' || split_part(($10::text[])[ki], '|', 1 + floor(v * 2)::int) END,
           date '1950-01-01' + (random() * 25000)::int, CASE WHEN n % 2 = 0 THEN 'female' ELSE 'male' END, $4, $4
      FROM g`;
  const params = (count) => [
    count,
    unitId,
    userId,
    new Date(),
    GIVEN.length,
    FAMILY.length,
    GIVEN.map(([ar]) => ar),
    GIVEN.map(([, latin]) => [...latin, latin[0]].join('|')),
    FAMILY.map(([ar]) => ar),
    FAMILY.map(([, latin]) => [...latin, latin[0]].join('|')),
  ];
  const started = Date.now();
  await Promise.all(
    [part, persons - part].map(async (count) => {
      const client = new pg.Client({ connectionString: ownerUrl });
      await client.connect();
      // split_part past the last spelling gives '': the first spelling is appended, so index 2 always exists.
      await client.query(sql, params(count));
      await client.end();
    }),
  );
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  // The steady state a live database reaches under autovacuum: statistics for the planner, the
  // visibility map set.
  await client.query('VACUUM ANALYZE person, person_lookup, person_lookup_word');
  await client.end();
  return (Date.now() - started) / 1000;
}

const pick = (list) => list[Math.floor(Math.random() ** 2.5 * list.length)];
/** A name as an officer might type it differently from how it was recorded. */
const QUERIES = {
  'Arabic fuzzy': () => ({ nameAr: `${pick(GIVEN)[0].replace('أ', 'ا').replace('ة', 'ه')} ${pick(FAMILY)[0]}` }),
  'Latin fuzzy': () => ({ nameLatin: `${pick(GIVEN)[1].at(-1)} ${pick(FAMILY)[1].at(-1)}`.toLowerCase() }),
  'cross-script': () => ({ nameLatin: `${pick(GIVEN)[1][0]} ${pick(GIVEN)[1][0]} ${pick(FAMILY)[1][0]}` }),
};

/** `concurrency` workers searching back to back for `duration` seconds: every latency, for exact percentiles. */
async function run(base, headers, makeBody, duration) {
  const latencies = [];
  let failed = 0;
  const until = Date.now() + duration * 1000;
  const worker = async () => {
    while (Date.now() < until) {
      const started = process.hrtime.bigint();
      const response = await fetch(`${base}/api/v1/persons/suggestions`, { method: 'POST', headers, body: JSON.stringify(makeBody()) });
      await response.arrayBuffer();
      if (response.status !== 200) failed += 1;
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { rate: latencies.length / duration, p50: at(0.5), p95: at(0.95), p99: at(0.99), failed };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referral-desk-bench-'));
  fs.chmodSync(dir, 0o755);
  const stack = await startStack(dir, { LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn' });
  try {
    const owner = new pg.Client({ connectionString: stack.ownerUrl });
    await owner.connect();
    const [officer] = (await owner.query(`SELECT id, unit_id FROM app_user WHERE username = 'officer'`)).rows;
    await owner.end();
    const loadSeconds = await generate(stack.ownerUrl, officer.unit_id, officer.id);
    process.stdout.write(`generated ${persons} persons in ${loadSeconds.toFixed(0)} s (search keys and the look-up index maintained on insert)\n`);
    const response = await fetch(`${stack.base}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: stack.credential('officer').username, password: stack.credential('officer').password }),
    });
    const headers = {
      cookie: (response.headers.get('set-cookie') || '').split(';')[0],
      'x-csrf-token': (await response.json()).csrfToken,
      'content-type': 'application/json',
    };
    process.stdout.write(`\nPOST /api/v1/persons/suggestions over ${persons} persons of one unit, ${concurrency} concurrent, ${seconds} s per kind\n`);
    for (const [kind, makeBody] of Object.entries(QUERIES)) {
      await run(stack.base, headers, makeBody, 2); // warm the caches once per kind
      const result = await run(stack.base, headers, makeBody, seconds);
      const ms = (value) => `${value.toFixed(1)} ms`;
      process.stdout.write(
        `${kind.padEnd(14)} ${Math.round(result.rate)} searches/s  p50 ${ms(result.p50)}  p95 ${ms(result.p95)}  p99 ${ms(result.p99)}  failed ${result.failed} (goal p95 < 50 ms)\n`,
      );
    }
  } finally {
    await stack.stop();
  }
}

module.exports = { generate, GIVEN, FAMILY };
if (require.main === module)
  main().catch((error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
  });
