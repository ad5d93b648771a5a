import type { ChildProcess } from 'node:child_process';
import { freePort } from '@duban/infra/src/ports';
import { startApp, stopChild, waitForApi } from '../../support/apps';
import { logFile, testEnvironment } from '../../support/env';

/**
 * A second API process on the test stack's database and Temporal, started with settings of its own (production
 * defaults, no allow-list; an empty value unsets a setting), to show what a deployment does that the test settings change.
 */
export async function startExtraApi(name: string, env: Record<string, string>): Promise<{ url: string; stop: () => Promise<void> }> {
  const environment = testEnvironment();
  const port = await freePort();
  const appEnv: Record<string, string> = { ...environment.appEnv, API_PORT: String(port), ...env };
  const child: ChildProcess = startApp('api', appEnv, logFile(environment.dataDir, `api-${name}`));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForApi(url, child);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { url, stop: () => stopChild(child) };
}
