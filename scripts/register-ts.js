'use strict';
// Lets plain `node` run the TypeScript entry points from source (npm start, tests): transpile only
// (the type check is its own step), with the @app/* path aliases resolved from tsconfig.json.
const path = require('node:path');
const project = path.join(__dirname, '..', 'tsconfig.json');
require('ts-node').register({ project, transpileOnly: true, compilerOptions: { sourceMap: true } });
require('tsconfig-paths').register({ baseUrl: path.join(__dirname, '..'), paths: require(project).compilerOptions.paths });
