'use strict';
// Runs a command with the embedded services' URLs (from runtime.json in the data dir, written while
// `npm start` runs) unless DATABASE_OWNER_URL is already set: `npm run migration:run` works in both cases.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { DATA_DIR } = require('./lib/entrypoints');

const runtimeFile = path.join(DATA_DIR, 'runtime.json');
const env = { ...process.env };
if (!env.DATABASE_OWNER_URL) {
  if (!fs.existsSync(runtimeFile)) {
    process.stderr.write('Set DATABASE_OWNER_URL, or keep `npm start` running so the embedded database can be found.\n');
    process.exit(1);
  }
  Object.assign(env, JSON.parse(fs.readFileSync(runtimeFile, 'utf8')));
}
const [command, ...args] = process.argv.slice(2);
process.exit(spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1);
