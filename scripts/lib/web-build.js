'use strict';
// The web app is built to apps/web/dist, which the api serves. `npm start` builds it when it is missing
// or older than any of its sources, so a newcomer never serves a stale UI.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const WEB = path.join(__dirname, '..', '..', 'apps', 'web');
const BUILT = path.join(WEB, 'dist', 'index.html');
const SOURCES = ['src', 'index.html', 'package.json', 'vite.config.ts', 'tsconfig.json'];

function newestSource(entry = WEB, names = SOURCES) {
  let newest = 0;
  for (const name of names) {
    const full = path.join(entry, name);
    if (!fs.existsSync(full)) continue;
    const stat = fs.statSync(full);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(full, fs.readdirSync(full)) : stat.mtimeMs);
  }
  return newest;
}

/** Why the web app needs building, or null when dist/ is newer than every source. */
function webBuildReason() {
  if (!fs.existsSync(BUILT)) return 'not built yet';
  return newestSource() > fs.statSync(BUILT).mtimeMs ? 'its sources changed since the last build' : null;
}

/** Installs the web app's own dependencies when missing, then builds it; throws with npm's output on failure. */
function buildWebApp(log) {
  const run = (args) => {
    const result = spawnSync('npm', args, { cwd: WEB, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed in apps/web:\n${result.stdout}${result.stderr}`);
  };
  if (!fs.existsSync(path.join(WEB, 'node_modules'))) {
    log('installing the web app’s dependencies (apps/web)');
    run(['ci', '--no-audit', '--no-fund']);
  }
  run(['run', 'build']);
}

module.exports = { webBuildReason, buildWebApp, WEB };
