'use strict';
// The cost of an intake: POST /api/v1/cases with two new subjects through HTTP at 50 connections,
// beside pgbench replaying the same request's SQL (session resume and touch, scope settings, person
// and case inserts with the reference counter, subjects, history, the audit event, the re-read) with
// the same number of clients, in one run; then an open loop at a fixed 100 cases/s for latency (bench/lib/open-loop.js).
// Usage: `npm run bench:intake [-- seconds connections rate]` (defaults 15 s, 50, 100 cases/s).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const autocannon = require('autocannon');
const pg = require('pg');
const { openLoop } = require('./lib/open-loop');
const { cpuSeconds, startStack } = require('./lib/stack');

const seconds = Number(process.argv[2] || 15);
const connections = Number(process.argv[3] || 50);
const rate = Number(process.argv[4] || 100);

const body = (n) =>
  JSON.stringify({
    category: 'domestic_violence',
    urgency: 'high',
    intakeChannel: 'walk_in',
    title: `Bench intake ${n}`,
    narrative: 'A narrative of a few hundred characters, as officers write them. '.repeat(4),
    subjects: [
      {
        role: 'victim',
        person: {
          nameAr: 'فاطمة عبدالله المري',
          nameLatin: 'Fatima Abdulla Al-Marri',
          birthDate: '1991-04-02',
          sex: 'female',
          document: { type: 'qatar_id', number: '28463401234' },
          phones: ['+97455501234'],
          address: 'Building 12, Street 340, Al Rayyan',
          safeContact: { callSafe: false, messageSafe: true, note: 'Husband reads her messages' },
        },
      },
      { role: 'child', person: { nameAr: 'سارة خالد', birthDate: '2016-09-10', sex: 'female' } },
    ],
  });

async function signInFull(base, credential) {
  const response = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: credential.username, password: credential.password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return { cookie: (response.headers.get('set-cookie') || '').split(';')[0], csrfToken: (await response.json()).csrfToken };
}

function load(options) {
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
}

/** The statements one intake runs, as pgbench replays them: same tables, policies, functions and triggers. */
function pgbenchScript(scope) {
  const enc = `'v1.b1.' || md5(random()::text) || '.' || md5(random()::text) || '.' || repeat(md5(random()::text), 4)`;
  return `
SELECT session_id FROM app.resume_session('${scope.tokenHash}', now(), interval '30 minutes', interval '1 minute', true);
BEGIN;
SELECT set_config('app.user_id', '${scope.userId}', true), set_config('app.unit_id', '${scope.unitId}', true), set_config('app.roles', 'desk_officer', true), set_config('app.permissions', '${scope.permissions}', true), set_config('app.correlation_id', 'pgbench', true);
INSERT INTO person (id, unit_id, recorded_by, name_ar, name_latin, birth_date, sex, document_type, document_number_enc, document_hash, phones_enc, phone_hashes, address_enc, safe_to_call, safe_to_message, safe_contact_note_enc, created_at, updated_at) VALUES (gen_random_uuid(), '${scope.unitId}', '${scope.userId}', 'فاطمة عبدالله المري', 'Fatima Abdulla Al-Marri', '1991-04-02', 'female', 'qatar_id', ${enc}, md5(random()::text), ${enc}, ARRAY[md5(random()::text)], ${enc}, false, true, ${enc}, now(), now()) RETURNING id \\gset p1_
INSERT INTO person (id, unit_id, recorded_by, name_ar, birth_date, sex, created_at, updated_at) VALUES (gen_random_uuid(), '${scope.unitId}', '${scope.userId}', 'سارة خالد', '2016-09-10', 'female', now(), now()) RETURNING id \\gset p2_
SELECT id FROM person WHERE id = ANY(ARRAY[:p1_id, :p2_id]::uuid[]);
INSERT INTO case_file (id, reference, owning_unit_id, category, urgency, intake_channel, title, narrative_enc, created_by, assigned_officer_id, opened_at, created_at, updated_at) VALUES (gen_random_uuid(), app.next_case_reference('${scope.unitId}', now()), '${scope.unitId}', 'domestic_violence', 'high', 'walk_in', 'Bench intake', ${enc}, '${scope.userId}', '${scope.userId}', now(), now(), now()) RETURNING id \\gset c_
SELECT id FROM case_file WHERE id = ANY(ARRAY[:c_id]::uuid[]);
INSERT INTO case_subject (id, case_id, person_id, role, added_by, added_at) VALUES (gen_random_uuid(), :c_id, :p1_id, 'victim', '${scope.userId}', now()) ON CONFLICT (case_id, person_id, role) WHERE removed_at IS NULL DO NOTHING;
INSERT INTO case_subject (id, case_id, person_id, role, added_by, added_at) VALUES (gen_random_uuid(), :c_id, :p2_id, 'child', '${scope.userId}', now()) ON CONFLICT (case_id, person_id, role) WHERE removed_at IS NULL DO NOTHING;
INSERT INTO case_file_history (record_id, action, from_state, to_state, actor_user_id, actor_unit_id, at, detail) VALUES (:c_id, 'opened', 'open', 'open', '${scope.userId}', '${scope.unitId}', now(), '{"subjects":2}');
INSERT INTO audit_event (occurred_at, actor_user_id, actor_roles, actor_unit_id, action, object_type, object_id, case_id, outcome, correlation_id, detail) VALUES (now(), '${scope.userId}', ARRAY['desk_officer'], '${scope.unitId}', 'case.created', 'case', :c_id, :c_id, 'success', 'pgbench', '{"subjects":2}');
SELECT id, reference, status, narrative_enc, version FROM case_file WHERE id = :c_id;
SELECT id, person_id, role, added_at FROM case_subject WHERE case_id = :c_id AND removed_at IS NULL;
SELECT p.id, p.name_ar, p.name_latin FROM person p WHERE p.id = ANY(ARRAY[:p1_id, :p2_id]::uuid[]) AND (p.recorded_by = '${scope.userId}' OR EXISTS (SELECT 1 FROM case_subject s JOIN case_file c ON c.id = s.case_id WHERE s.person_id = p.id AND s.removed_at IS NULL));
COMMIT;
`;
}

/** pgbench with the api role, the same client count, for the same time: transactions per second. */
function pgbench(apiUrl, scriptFile) {
  const url = new URL(apiUrl);
  const output = execFileSync(
    'pgbench',
    [
      '-n',
      '-r',
      '-M',
      'prepared',
      '-c',
      String(connections),
      '-j',
      '2',
      '-T',
      String(seconds),
      '-f',
      scriptFile,
      '-h',
      url.hostname,
      '-p',
      url.port,
      '-U',
      url.username,
      url.pathname.slice(1),
    ],
    { env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) }, encoding: 'utf8' },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1]);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(output)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
  // -r: the average latency of each statement, for finding where an intake's time goes.
  const statements = output.split('\n').filter((line) => /^\s+[\d.]+\s+\d+\s+/.test(line) || /^\s+[\d.]+\s+[A-Z]/.test(line));
  return { tps, latency, failed, statements };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referral-desk-bench-'));
  fs.chmodSync(dir, 0o755);
  const stack = await startStack(dir, { LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn' });
  try {
    const { cookie, csrfToken } = await signInFull(stack.base, stack.credential('officer'));
    const owner = new pg.Client({ connectionString: stack.ownerUrl });
    await owner.connect();
    const [scope] = (
      await owner.query(
        `SELECT u.id AS "userId", u.unit_id AS "unitId", s.token_hash AS "tokenHash" FROM app_user u JOIN user_session s ON s.user_id = u.id
          WHERE u.username = 'officer' ORDER BY s.created_at DESC LIMIT 1`,
      )
    ).rows;
    await owner.end();
    // The desk officer's permissions, as the transaction runner sets them.
    scope.permissions = (await (await fetch(`${stack.base}/api/v1/auth/session`, { headers: { cookie } })).json()).permissions?.join(',') ?? '';
    const scriptFile = path.join(dir, 'intake.sql');
    fs.writeFileSync(scriptFile, pgbenchScript(scope));

    let n = 0;
    const http = {
      url: `${stack.base}/api/v1/cases`,
      method: 'POST',
      connections,
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      setupClient: (client) => client.setBody(body((n += 1))),
    };
    await load({ ...http, duration: 3 }); // warm up
    const before = { api: cpuSeconds(stack.api.pid), postgres: cpuSeconds(stack.postgres.pid, true) };
    const closed = await load({ ...http, duration: seconds });
    const requests = Math.max(1, closed.requests.total);
    const apiMs = (1000 * (cpuSeconds(stack.api.pid) - before.api)) / requests;
    const postgresMs = (1000 * (cpuSeconds(stack.postgres.pid, true) - before.postgres)) / requests;
    const sql = pgbench(stack.apiUrl, scriptFile);
    const open = await openLoop({ url: http.url, headers: http.headers, body: (i) => body(1e6 + i), rate, seconds });

    const out = (text) => process.stdout.write(`${text}\n`);
    out(
      `\nintake: POST /api/v1/cases with 2 new subjects, ${connections} connections, ${seconds} s each; one api process on ${os.cpus().length} cores shared with PostgreSQL and the load generators`,
    );
    out(
      `HTTP     ${Math.round(closed.requests.average)} cases/s  p50 ${closed.latency.p50} ms  p99 ${closed.latency.p99} ms  failed ${closed.non2xx + closed.errors}  CPU/case: api ${apiMs.toFixed(2)} ms, PostgreSQL ${postgresMs.toFixed(2)} ms`,
    );
    out(`pgbench  ${Math.round(sql.tps)} intakes/s (the same SQL, ${connections} clients)  average ${sql.latency} ms  failed ${sql.failed}`);
    if (process.env.BENCH_STATEMENTS) for (const line of sql.statements) out(`  ${line.trim().slice(0, 150)}`);
    out(`HTTP is ${Math.round((100 * closed.requests.average) / sql.tps)}% of pgbench's rate (goal ≥ 50%)`);
    out(
      `open loop at ${rate} cases/s (one due every ${(1000 / rate).toFixed(1)} ms, latency from when it was due): ${open.rate.toFixed(0)} cases/s  p50 ${open.p50.toFixed(1)} ms  p99 ${open.p99.toFixed(1)} ms  max ${open.max.toFixed(0)} ms  failed ${open.failed} (goal p99 < 50 ms)`,
    );
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
