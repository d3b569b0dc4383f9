// @ts-check
/*
 * One alias map for every runner: Jest's moduleNameMapper is generated from tsconfig.json `paths`,
 * the same map that tsc, the Nest build and @swc-node/register use.
 */
const { readFileSync } = require('node:fs');
const path = require('node:path');

const { compilerOptions } = JSON.parse(readFileSync(path.join(__dirname, 'tsconfig.json'), 'utf8'));

/** `@mtl/x/*` → `^@mtl/x/(.*)$` ↦ `<rootDir>/libs/x/src/$1` */
function moduleNameMapperFromPaths(paths) {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(paths)) {
    const pattern = '^' + alias.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace('*', '(.*)') + '$';
    mapper[pattern] = '<rootDir>/' + target.replace('*', '$1');
  }
  return mapper;
}

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2023',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

const shared = {
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: moduleNameMapperFromPaths(compilerOptions.paths),
  transform,
  // Node's environment, plus access to the warnings Node emits on the real process.
  testEnvironment: '<rootDir>/test/setup/host-warnings.environment.js',
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.integration-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: [
        // Before per-file-resources.ts: its last look at the database precedes the database's drop.
        '<rootDir>/test/setup/tenant-query-coverage.ts',
        '<rootDir>/test/setup/per-file-resources.ts',
        '<rootDir>/test/setup/fail-on-overlapping-queries.ts',
        '<rootDir>/test/setup/fail-on-duplicate-data-sources.ts',
      ],
    },
    {
      // Real Chromium against a real LMS (scripts/platform/test.mjs leaves it out where there is no Chromium).
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/per-file-resources.ts'],
    },
  ],
  // Starts (or finds) PostgreSQL and Redis and builds the migrated template database once per run.
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
  // Integration files start apps and child processes on a 2-core machine.
  testTimeout: 30000,
};
