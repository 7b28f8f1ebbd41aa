// One Jest run for the three tiers: *.spec.ts (pure), *.int-spec.ts (real PostgreSQL/Redis),
// test/**/*.e2e-spec.ts (HTTP). The global setup starts private PostgreSQL and Redis on free ports.
const path = require('node:path');
const { compilerOptions } = require('../tsconfig.json');

const aliases = Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join('<rootDir>', target)]));

module.exports = {
  rootDir: path.join(__dirname, '..'),
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test', '<rootDir>/config'],
  testRegex: '(\\.spec|\\.int-spec|\\.e2e-spec)\\.ts$',
  // The web app has its own toolchain and tests (Vitest, `npm run test:web`); its tree is not Jest's.
  modulePathIgnorePatterns: ['<rootDir>/apps/web/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/config/tsconfig.jest.json' }] },
  moduleNameMapper: aliases,
  testEnvironment: 'node',
  globalSetup: '<rootDir>/config/jest.global-setup.js',
  globalTeardown: '<rootDir>/config/jest.global-teardown.js',
  cacheDirectory: '<rootDir>/.cache/jest',
  testTimeout: 60000,
  maxWorkers: 2,
};
