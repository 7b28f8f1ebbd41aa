'use strict';
// The cost of being signed in: a signed-in read beside /health/live, in one run, on private
// PostgreSQL and Redis. Usage: `npm run bench:session [-- seconds connections rounds]` (defaults 10 s, 50, 3).
// Prints requests/s and latency percentiles of each, and the signed-in/live ratio (goal ≥ 50%).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const { cpuSeconds, signIn, startStack } = require('./lib/stack');

const seconds = Number(process.argv[2] || 10);
const connections = Number(process.argv[3] || 50);
const rounds = Number(process.argv[4] || 3);

function load(url, headers, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, headers }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** One timed run: rate, latency, errors, and the CPU the api and PostgreSQL spent per request. */
async function measure(url, headers, apiPid, postgresPid) {
  const before = { api: cpuSeconds(apiPid), postgres: cpuSeconds(postgresPid, true) };
  const result = await load(url, headers, seconds);
  const requests = Math.max(1, result.requests.total);
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors,
    apiMs: (1000 * (cpuSeconds(apiPid) - before.api)) / requests,
    postgresMs: (1000 * (cpuSeconds(postgresPid, true) - before.postgres)) / requests,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medians = (list) =>
  Object.fromEntries(
    Object.keys(list[0]).map((key) => [key, key === 'failures' ? list.reduce((sum, run) => sum + run.failures, 0) : median(list.map((run) => run[key]))]),
  );

const line = (row) =>
  `${row.name.padEnd(38)} ${String(Math.round(row.rate)).padStart(5)} req/s  p50 ${String(row.p50).padStart(3)} ms  p99 ${String(row.p99).padStart(3)} ms  CPU/request: api ${row.apiMs.toFixed(2)} ms, PostgreSQL ${row.postgresMs.toFixed(2)} ms  failed ${row.failures}`;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referral-desk-bench-'));
  fs.chmodSync(dir, 0o755);
  const stack = await startStack(dir);
  const { base, api, postgres } = stack;
  try {
    const cookie = await signIn(base, stack.credential('officer'));
    const targets = [
      ['GET /health/live', `${base}/health/live`, {}],
      ['GET /api/v1/auth/session (signed in)', `${base}/api/v1/auth/session`, { cookie }],
      ['GET /api/v1/units/:id (signed in)', `${base}/api/v1/units/${await ownUnitId(base, cookie)}`, { cookie }],
    ];
    // BENCH_ONLY=<part of a name> measures only the matching targets (with BENCH_PROFILE, to profile one route).
    if (process.env.BENCH_ONLY) targets.splice(0, targets.length, ...targets.filter(([name]) => name.includes(process.env.BENCH_ONLY)));
    for (const [, url, headers] of targets) await load(url, headers, 2); // warm up
    // Interleaved rounds, medians reported: on a shared 2-core machine one run of 10 s varies by ±20%.
    const runs = new Map(targets.map(([name]) => [name, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const [name, url, headers] of targets) runs.get(name).push(await measure(url, headers, api.pid, postgres.pid));
    }
    process.stdout.write(
      `\n${connections} connections, ${rounds} interleaved rounds of ${seconds} s, medians; api: one process on ${os.cpus().length} cores, shared with PostgreSQL and this load generator\n`,
    );
    const summary = [...runs].map(([name, list]) => ({ name, ...medians(list) }));
    for (const row of summary) process.stdout.write(`${line(row)}\n`);
    const live = summary.find((row) => row.name.includes('/health/live'));
    for (const row of summary.filter((other) => other !== live && live)) {
      process.stdout.write(`${row.name}: ${Math.round((100 * row.rate) / live.rate)}% of the live rate (goal ≥ 50%)\n`);
    }
  } finally {
    await stack.stop();
  }
}

async function ownUnitId(base, cookie) {
  const response = await fetch(`${base}/api/v1/auth/session`, { headers: { cookie } });
  return (await response.json()).unit.id;
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
