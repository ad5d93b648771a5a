// The fault and fuzz suites alone (make test-faults, make fuzz): each starts a private stack of its own
// (test/faults/support/stack.ts), so they need none of the shared global setup. `make test` runs them with the rest.
const path = require('path');

module.exports = require('../../jest.preset')(path.join(__dirname, '..'), {
  displayName: 'faults',
  testMatch: ['<rootDir>/faults/**/*.e2e.spec.ts', '<rootDir>/fuzz/**/*.e2e.spec.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
});
