'use strict';
// After the root install: the web app's own dependencies (apps/web has its own lockfile, as its
// toolchain, Vite and React, would clash with the server's Jest and Babel in one tree). Skipped in
// production installs (`--omit=dev`), whose image carries the built app, not its toolchain.
// Also skipped when apps/web is not there yet (the image's dependency layers copy package.json alone).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const web = path.join(__dirname, '..', 'apps', 'web');
if (process.env.npm_config_omit?.includes('dev') || process.env.NODE_ENV === 'production' || !fs.existsSync(path.join(web, 'package.json'))) process.exit(0);
const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: web, stdio: 'inherit' });
process.exit(result.status ?? 1);
