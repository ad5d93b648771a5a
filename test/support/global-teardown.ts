import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { RunningServices } from '@duban/infra';
import { stopChild } from './apps';
import { ENV_FILE, testEnvironment } from './env';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as Record<string, unknown>;
  const env = testEnvironment();
  for (const app of (state.__dubanApps as ChildProcess[] | undefined) ?? []) await stopChild(app);
  await (state.__dubanServices as RunningServices | undefined)?.stop();
  if (!process.env.DUBAN_KEEP_TEST_DATA) rmSync(env.dataDir, { recursive: true, force: true });
  rmSync(ENV_FILE, { force: true });
}
