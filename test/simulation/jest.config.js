// The seed-plan simulation: Temporal's time-skipping test server (Java), activities over in-memory records.
module.exports = require('../../jest.preset')(__dirname, {
  displayName: 'simulation',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
});
