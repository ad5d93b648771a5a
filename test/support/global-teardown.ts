import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { RunningServices } from '@duban/infra';
import { stopChild } from './apps';
import { envFile, testEnvironment } from './env';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as Record<string, unknown>;
  const env = testEnvironment();
  for (const app of (state.__dubanApps as ChildProcess[] | undefined) ?? []) await stopChild(app);
  // --- A worker restarted by a crash test (test/support/worker-control.ts) is not among the apps above.
  await stopRestartedWorker(env.workerPid);
  // --- end
  await (state.__dubanServices as RunningServices | undefined)?.stop();
  if (!process.env.DUBAN_KEEP_TEST_DATA) rmSync(env.dataDir, { recursive: true, force: true });
  rmSync(envFile(), { force: true });
}

async function stopRestartedWorker(pid: number): Promise<void> {
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 300 && alive(); i += 1) await new Promise((r) => setTimeout(r, 50));
  if (alive()) process.kill(pid, 'SIGKILL');
}
