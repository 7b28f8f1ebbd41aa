'use strict';
// How the launcher and the tests start the TypeScript apps from source.
const path = require('node:path');
const { spawn } = require('node:child_process');

const ROOT = path.join(__dirname, '..', '..');
// Where `npm start` keeps its databases, secrets and credentials; tests point it elsewhere.
const DATA_DIR = path.resolve(ROOT, process.env.REFERRAL_DESK_DATA_DIR || '.data');
const ENTRY = {
  api: 'apps/api/src/main.ts',
  worker: 'apps/worker/src/main.ts',
  cli: 'apps/cli/src/main.ts',
};

/** Spawns an app (api, worker, cli) from source with the given environment. */
function spawnApp(app, { env, args = [], stdio = 'inherit', nodeArgs = [] }) {
  return spawn(process.execPath, [...nodeArgs, '-r', path.join(ROOT, 'scripts', 'register-ts.js'), path.join(ROOT, ENTRY[app]), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio,
  });
}

/** Runs the CLI to completion; rejects with its output when it fails. */
function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawnApp('cli', { env, args, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`cli ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

module.exports = { ROOT, DATA_DIR, spawnApp, runCli };
