'use strict';
// Timing of failed sign-ins: an unknown user name against a known one with a wrong password.
// Both must cost the same (one argon2 verification), so timing does not reveal which names exist.
// Usage: `SIGN_IN_RATE_PER_MINUTE=100000 npm start`, then `npm run bench:sign-in-timing [-- http://localhost:3000 200]`.
// It signs in as the demo administrator (.data/demo-credentials.json) to create its own target
// account, so the demo accounts are never locked by it.
const fs = require('node:fs');
const path = require('node:path');
const { authenticator } = require('otplib');
const base = process.argv[2] || 'http://localhost:3000';
const samples = Number(process.argv[3] || 200);

async function timeOne(username) {
  const started = process.hrtime.bigint();
  const response = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'definitely not the password' }),
  });
  await response.text();
  if (response.status === 429) throw new Error('rate limited: start the api with SIGN_IN_RATE_PER_MINUTE=100000 for this benchmark');
  if (response.status !== 401) throw new Error(`unexpected ${response.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

function cookieOf(response) {
  return (response.headers.get('set-cookie') || '').split(';')[0];
}

async function post(url, body, cookie, csrf) {
  const headers = { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}) };
  return fetch(`${base}${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

/** A throwaway account to fail against, created by the demo administrator. */
async function ensureTarget() {
  const credentials = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.data', 'demo-credentials.json'), 'utf8'));
  const admin = credentials.find((entry) => entry.role === 'administrator');
  const first = await post('/api/v1/auth/sign-in', { username: admin.username, password: admin.password });
  const half = await first.json();
  const second = await post('/api/v1/auth/second-factor', { code: authenticator.generate(admin.totpSecret) }, cookieOf(first), half.csrfToken);
  if (second.status !== 200) throw new Error(`admin second factor failed (${second.status}); wait 30 s and retry`);
  const session = await second.json();
  const units = await (await fetch(`${base}/api/v1/units?kind=police_unit`, { headers: { cookie: cookieOf(second) } })).json();
  await post(
    '/api/v1/admin/users',
    {
      username: 'bench.timing',
      displayName: 'Timing benchmark target',
      unitId: units.items[0].id,
      roles: ['desk_officer'],
      temporaryPassword: 'Timing-Bench-Target-Password-1',
    },
    cookieOf(second),
    session.csrfToken,
  );
  return 'bench.timing';
}

async function main() {
  const target = await ensureTarget();
  const known = [];
  const unknown = [];
  for (let i = 0; i < samples; i += 1) {
    // interleaved, so drift in machine load hits both series alike
    unknown.push(await timeOne(`nobody-${i}`));
    known.push(await timeOne(target)); // locks after 5: a locked account must cost and answer the same
  }
  for (const [name, series] of [
    ['known user, wrong password', known],
    ['unknown user', unknown],
  ]) {
    console.log(`${name.padEnd(28)} p50 ${percentile(series, 50).toFixed(1)} ms  p95 ${percentile(series, 95).toFixed(1)} ms`);
  }
  console.log(`p95 difference ${Math.abs(percentile(known, 95) - percentile(unknown, 95)).toFixed(1)} ms (goal < 20 ms), ${samples} samples each`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
