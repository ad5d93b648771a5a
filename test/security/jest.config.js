// Security suites (issue 12): on the same throwaway stack as the end-to-end suites (test/support global setup).
const path = require('path');

module.exports = require('../../jest.preset')(path.join(__dirname, '..'), {
  displayName: 'security',
  testMatch: ['<rootDir>/security/**/*.spec.ts'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
});
