// Mutation testing (make mutation): StrykerJS puts one small bug at a time into a package's source and runs that
// package's unit tests; a mutant no test notices ("survived") marks a promise no test pins. One package per run:
// PACKAGE=libs/calendar (default: libs/calendar). Reports go to test-artifacts/mutation/<package>/.
const pkg = (process.env.PACKAGE ?? 'libs/calendar').replace(/\/+$/, '');
const slug = pkg.replace(/\//g, '-');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: `${pkg}/jest.config.js`, enableFindRelatedTests: false },
  mutate: [`${pkg}/src/**/*.ts`, `!${pkg}/src/**/*.spec.ts`, `!${pkg}/src/**/__histories__/**`, `!${pkg}/src/migrations/**`, `!${pkg}/src/**/index.ts`],
  // Only what the package's tests need is copied into the sandbox: the other packages are resolved through node_modules.
  ignorePatterns: ['.data', '.tools', '.nx', 'dist', 'test-artifacts', 'apps/web', 'test', '.stryker-tmp'],
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `test-artifacts/mutation/${slug}/index.html` },
  jsonReporter: { fileName: `test-artifacts/mutation/${slug}/mutation.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 80, low: 60, break: null },
};
