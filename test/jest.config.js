// Cross-app tests on the real services that infra/ starts (Temporal dev server, embedded PostgreSQL).
module.exports = require('../jest.preset')(__dirname, {
  displayName: 'e2e',
  testMatch: ['<rootDir>/**/*.e2e.spec.ts'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
});
