// Security suites (issue 12): on the stack the e2e global setup starts (PostgreSQL, Temporal, worker, API); suites
// that need other settings (short sessions, low lockout limits) start API instances of their own on the same database.
const path = require('path');

module.exports = require('../../jest.preset')(path.join(__dirname, '..'), {
  displayName: 'security',
  testMatch: ['<rootDir>/security/**/*.spec.ts'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
});
