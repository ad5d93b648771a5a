import { readFileSync, writeFileSync } from 'node:fs';
import { startApp } from './apps';
import { envFile, logFile, testEnvironment } from './env';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Only a worker of this run: its environment has this run's task queue (other runs may share the machine). */
function isOurWorker(pid: number, taskQueue: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`TEMPORAL_TASK_QUEUE=${taskQueue}`);
  } catch {
    return false;
  }
}

/** kill -9 the worker process (no shutdown hooks run), and wait until it is gone. */
export async function killWorker(): Promise<void> {
  const { workerPid: pid, taskQueue } = testEnvironment();
  if (!isOurWorker(pid, taskQueue)) throw new Error(`process ${pid} is not this test run's worker`);
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 200 && alive(pid); i += 1) await new Promise((r) => setTimeout(r, 50));
  if (alive(pid)) throw new Error(`worker ${pid} survived SIGKILL`);
}

/**
 * Starts a new worker with the environment global setup used (plus `extraEnv`, e.g. DUBAN_CALENDAR_ADJUSTMENTS);
 * later suites and global teardown find its pid.
 */
export function startWorker(extraEnv: Record<string, string> = {}): number {
  const env = testEnvironment();
  const child = startApp('worker', { ...env.appEnv, ...extraEnv }, logFile(env.dataDir, 'worker'));
  child.unref();
  const pid = child.pid as number;
  const saved = JSON.parse(readFileSync(envFile(), 'utf8')) as Record<string, unknown>;
  writeFileSync(envFile(), JSON.stringify({ ...saved, workerPid: pid }, null, 2));
  return pid;
}
