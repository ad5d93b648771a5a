import 'reflect-metadata';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDataSource, migrate, seedDemoPeople } from '@duban/domain';
import { freePort, startServices } from '@duban/infra';
import { loadUnitDirectory } from '@duban/plan-parser';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { ensureWebConsoleBuilt } from '@duban/infra/src/web-build';
import { REPO_ROOT, startApp, stopChild, waitForApi } from './apps';
import { ENV_FILE, logFile, type TestEnvironment } from './env';

/**
 * Starts throwaway services on free ports (unless DATABASE_URL / TEMPORAL_ADDRESS point elsewhere), migrates,
 * seeds the demo people, and starts the worker and the API as their own processes.
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-test-'));
  // PostgreSQL runs as its own system user, which must be able to enter the folder mkdtemp made private.
  chmodSync(dataDir, 0o755);
  const services = await startServices({
    dataDir,
    pgPort: await freePort(),
    temporalPort: await freePort(),
    databaseUrl: process.env.DATABASE_URL,
    temporalAddress: process.env.TEMPORAL_ADDRESS,
    fast: true,
  });
  (globalThis as Record<string, unknown>).__dubanServices = services;
  await migrate(services.databaseUrl);

  const db = await createDataSource(services.databaseUrl).initialize();
  const directory = loadUnitDirectory(join(REPO_ROOT, 'seeds/units.yaml')).byName;
  const credentials = await seedDemoPeople(db, join(REPO_ROOT, 'seeds/people.yaml'), directory);
  await db.destroy();

  const apiPort = await freePort();
  const jwtSecret = randomBytes(32).toString('base64url');
  const taskQueue = `duban-test-${randomBytes(4).toString('hex')}`;
  // The worker runs the prebuilt bundle, as in production (bundleWorkflowCode → WORKFLOW_BUNDLE).
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('@duban/workflows'), logger: new DefaultLogger('WARN') });
  const workflowBundle = join(dataDir, 'workflow-bundle.js');
  writeFileSync(workflowBundle, code);
  const appEnv = {
    WORKFLOW_BUNDLE: workflowBundle,
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    API_PORT: String(apiPort),
    JWT_SECRET: jwtSecret,
    // --- Notification delivery (issue 6): the e2e notification suites run an SMTP server on this port in the
    // test process; fast polling and backoff, and no quiet hours, so they do not depend on the time of day.
    SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
    SMTP_FROM: 'Duban <duban@example.test>',
    DELIVERY_POLL_MS: '100',
    DELIVERY_BACKOFF_MS: '200',
    DELIVERY_BACKOFF_MAX_MS: '2000',
    DELIVERY_LEASE_MS: '5000',
    DELIVERY_TIMEOUT_MS: '3000',
    DELIVERY_MAX_ATTEMPTS: '40',
    DELIVERY_QUIET_HOURS: 'false',
    // The test receivers listen on loopback, which webhook targets may reach only when listed (issue 12).
    WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1',
    // --- end notification delivery
    // --- Sign-in (issue 12): every suite signs in from 127.0.0.1; the per-address lock is tested in test/security.
    SIGN_IN_ADDRESS_FAILURES: '10000',
  };
  // --- Web console (issue 7): the API serves apps/web/dist at /console/; build it first when missing or stale.
  ensureWebConsoleBuilt();
  // --- end web console
  const worker = startApp('worker', appEnv, logFile(dataDir, 'worker'));
  const api = startApp('api', appEnv, logFile(dataDir, 'api'));
  (globalThis as Record<string, unknown>).__dubanApps = [api, worker];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  try {
    await waitForApi(apiUrl, api);
  } catch (err) {
    // Jest skips global teardown when setup fails: stop what was started, and show why the API did not come up.
    await Promise.all([stopChild(api), stopChild(worker)]);
    await services.stop();
    for (const name of ['api', 'worker']) {
      const log = existsSync(logFile(dataDir, name)) ? readFileSync(logFile(dataDir, name), 'utf8') : '';
      process.stderr.write(`--- last lines of ${name}.log ---\n${log.split('\n').slice(-30).join('\n')}\n`);
    }
    throw err;
  }

  const env: TestEnvironment = {
    dataDir,
    databaseUrl: services.databaseUrl,
    temporalAddress: services.temporalAddress,
    taskQueue,
    apiUrl,
    jwtSecret,
    apiPid: api.pid as number,
    workerPid: worker.pid as number,
    credentials,
    appEnv,
  };
  // --- One environment file per run (see ENV_FILE): concurrent runs no longer overwrite or delete each other's.
  const envFile = process.env.DUBAN_TEST_ENV_FILE ?? join(dirname(ENV_FILE), `test-env-${process.pid}.json`);
  process.env.DUBAN_TEST_ENV_FILE = envFile;
  mkdirSync(dirname(envFile), { recursive: true });
  writeFileSync(envFile, JSON.stringify(env, null, 2));
}
