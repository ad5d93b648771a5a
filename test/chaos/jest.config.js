// The chaos run (make chaos; a step of make test): a private stack (test/faults/support/stack.ts) whose every process
// is killed with SIGKILL while clients work; CHAOS_SEED replays a run, CHAOS_ITEMS sets its size.
const path = require('path');

module.exports = require('../../jest.preset')(path.join(__dirname, '..'), {
  displayName: 'chaos',
  testMatch: ['<rootDir>/chaos/**/*.chaos.spec.ts'],
  testTimeout: 900_000,
  maxWorkers: 1,
});
