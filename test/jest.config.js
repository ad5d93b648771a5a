// Cross-app tests on the real services that infra/ starts (Temporal dev server, embedded PostgreSQL).
module.exports = require('../jest.preset')(__dirname, {
  displayName: 'e2e',
  testMatch: ['<rootDir>/**/*.e2e.spec.ts'],
  // test/security has a step of its own (test/security/jest.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/security/'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
});
