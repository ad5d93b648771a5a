// Shared jest settings: every package transforms TypeScript with swc (decorator metadata on, as Nest and TypeORM need).
const path = require('path');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = (dir, overrides = {}) => ({
  rootDir: dir,
  displayName: path.basename(dir),
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  ...overrides,
});
