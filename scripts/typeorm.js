'use strict';
// `npm run migration:generate -- libs/database/src/migrations/<name>`: the TypeORM CLI against the
// owner's connection (embedded or DATABASE_OWNER_URL). Add the new class to migrations/index.ts.
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const [command, ...args] = process.argv.slice(2);
const cli = path.join(__dirname, '..', 'node_modules', 'typeorm', 'cli-ts-node-commonjs.js');
const dataSource = path.join(__dirname, '..', 'libs', 'database', 'src', 'cli-data-source.ts');
const result = spawnSync(
  process.execPath,
  [path.join(__dirname, 'with-runtime-env.js'), process.execPath, '-r', 'tsconfig-paths/register', cli, command, '-d', dataSource, ...args],
  { stdio: 'inherit', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } },
);
process.exit(result.status ?? 1);
