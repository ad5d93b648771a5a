// The cluster suite alone (make test-cluster): the Temporal server on PostgreSQL over mTLS, two workers, two API
// instances behind nginx, started by infra/stack-host.ts. `make test` runs it with the other end-to-end suites.
const path = require('path');

module.exports = require('../../jest.preset')(path.join(__dirname, '..'), {
  displayName: 'cluster',
  testMatch: ['<rootDir>/cluster/**/*.e2e.spec.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
});
