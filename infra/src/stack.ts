import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createDataSource, migrate, seedDemoPeople, type DemoCredential } from '@duban/domain';
import { loadUnitDirectory } from '@duban/plan-parser';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { generateRunCertificates, type RunCertificates } from './certs';
import { startNginx, type RunningNginx } from './nginx';
import { freePort, requirePortFree, waitFor } from './ports';
import { readOrCreateSecret, startEmbeddedPostgres } from './postgres';
import { startServices, takeLock } from './services';
import { stopChild } from './temporal';
import { persistenceFromUrl, provisionTemporalDatabases, startTemporalServer, type TemporalPersistence } from './temporal-server';

const ROOT = resolve(__dirname, '../..');

/** `dev`: Temporal's dev server on SQLite, one worker, one API. `cluster`: the production shape, on loopback. */
export type Profile = 'dev' | 'cluster';

export interface StackOptions {
  profile: Profile;
  dataDir: string;
  /** The public port: the API's (dev) or nginx's in front of the API instances (cluster). */
  port: number;
  pgPort: number;
  temporalPort: number;
  /** Use this PostgreSQL for Duban's records instead of the embedded one. */
  databaseUrl?: string;
  /** dev only: use this Temporal instead of starting the dev server. */
  temporalAddress?: string;
  /** cluster only: Temporal's persistence on this PostgreSQL (its role must own `<db>` and `<db>_visibility`). */
  temporalDbUrl?: string;
  workers?: number;
  apis?: number;
  historyShards?: number;
  namespace?: string;
  retention?: string;
  /** Settings every app gets on top of the stack's own (task queue, delivery tuning in tests…). */
  appEnv?: Record<string, string>;
  /** Bundle the workflows once into the data folder (WORKFLOW_BUNDLE), as production does; the cluster always does. */
  prebuiltBundle?: boolean;
  /** dev only: the dev server's SQLite without fsync (throwaway test data). */
  fast?: boolean;
  /** One line per service and event, for the terminal. */
  log?: (line: string) => void;
}

export interface StackApp {
  name: string;
  kind: 'api' | 'worker';
  /** The API instance's own port (bypassing nginx). */
  port?: number;
  logFile: string;
  child: ChildProcess | null;
}

export interface RunningStack {
  profile: Profile;
  url: string;
  dataDir: string;
  databaseUrl: string;
  temporalAddress: string;
  /** The Temporal CLI's flags that reach the frontend (TLS included). */
  temporalCliFlags: string[];
  tls?: RunCertificates;
  temporalMetricsUrl?: string;
  credentials: DemoCredential[];
  /** What every app was started with. */
  appEnv: Record<string, string>;
  apps: StackApp[];
  /** Starts a stopped or killed app again (its API instance on the same port). */
  startApp(name: string): Promise<void>;
  /** Sends a signal (SIGKILL: kill -9) and waits for the app to be gone. */
  killApp(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Stops and starts the Temporal server (or dev server) on the same data and port. */
  restartTemporal(): Promise<void>;
  /** Called when an app exits without being asked to. */
  onUnexpectedExit?: (app: StackApp, code: number | string | null) => void;
  /** API instances and workers first, then nginx, Temporal and PostgreSQL. */
  stop(): Promise<void>;
}

/**
 * The one launcher of a Duban stack: `make up` (both profiles), the cluster test suite and the bench start
 * through it. Service logs go to files under the data folder; the terminal gets one line per service.
 */
export async function launchStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dataDir = options.dataDir;
  const logsDir = join(dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const where = (path: string) => relative(process.cwd(), path) || path;
  const cluster = options.profile === 'cluster';
  const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
  const apps: StackApp[] = [];
  let stopping = false;
  let nginx: RunningNginx | undefined;

  const stopServices = async () => {
    for (const { name, stop } of stops.reverse()) {
      await stop().catch((err: unknown) => log(`  ${name.padEnd(12)} stop failed: ${String(err)}`));
      if (name) log(`  ${name.padEnd(12)} stopped`);
    }
    stops.length = 0;
  };
  const stopApps = async () => {
    for (const kind of ['api', 'worker'] as const) {
      const running = apps.filter((app) => app.kind === kind && app.child);
      await Promise.all(running.map((app) => stopChild(app.child as ChildProcess)));
      for (const app of running) log(`  ${app.name.padEnd(12)} stopped`);
    }
  };

  try {
    // The public port first: finding it taken after a minute of starting servers helps nobody.
    await requirePortFree(options.port, cluster ? 'nginx' : 'the API', 'API_PORT');
    if (cluster) {
      const releaseLock = takeLock(dataDir);
      stops.push({ name: '', stop: async () => releaseLock() });
    }
    // --- PostgreSQL and Temporal.
    let databaseUrl = options.databaseUrl;
    let temporalAddress = options.temporalAddress ?? '';
    let temporalCliFlags: string[] = [];
    let tls: RunCertificates | undefined;
    let temporalMetricsUrl: string | undefined;
    let restartTemporal: () => Promise<void>;
    if (!cluster) {
      const services = await startServices({
        dataDir,
        pgPort: options.pgPort,
        temporalPort: options.temporalPort,
        databaseUrl,
        temporalAddress: options.temporalAddress,
        fast: options.fast,
        log: (line) => log(`  ${line}`),
      });
      stops.push({ name: 'services', stop: () => services.stop() });
      databaseUrl = services.databaseUrl;
      temporalAddress = services.temporalAddress;
      temporalCliFlags = ['--address', temporalAddress];
      log(`  ${'postgres'.padEnd(12)} ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
      log(`  ${'temporal'.padEnd(12)} dev server on ${temporalAddress}, log ${where(join(dataDir, 'temporal/temporal.log'))}`);
      restartTemporal = () => Promise.reject(new Error('restartTemporal: the dev profile restarts Temporal through test/faults'));
    } else {
      let persistence: TemporalPersistence;
      if (!databaseUrl || !options.temporalDbUrl) {
        const pg = await startEmbeddedPostgres(join(dataDir, 'postgres'), options.pgPort, (line) => log(`  ${line}`));
        stops.push({ name: 'postgres', stop: () => pg.stop() });
        log(`  ${'postgres'.padEnd(12)} 127.0.0.1:${options.pgPort}, cluster ${where(join(dataDir, 'postgres/cluster'))}`);
        databaseUrl ??= pg.databaseUrl;
        persistence = options.temporalDbUrl
          ? persistenceFromUrl(options.temporalDbUrl)
          : await provisionTemporalDatabases(pg.databaseUrl, join(dataDir, 'postgres'), options.pgPort);
      } else {
        persistence = persistenceFromUrl(options.temporalDbUrl);
      }
      tls = generateRunCertificates(join(dataDir, 'tls'));
      log(`  ${'tls'.padEnd(12)} a CA, a frontend and a client certificate for this run in ${where(join(dataDir, 'tls'))}`);
      const serverOptions = {
        dir: join(dataDir, 'temporal-server'),
        frontendPort: options.temporalPort,
        persistence,
        historyShards: options.historyShards ?? 4,
        namespace: options.namespace ?? 'default',
        retention: options.retention ?? '30d',
        tls,
      };
      const started = Date.now();
      let server = await startTemporalServer(serverOptions, (line) => log(`  ${line}`));
      temporalAddress = server.address;
      temporalCliFlags = server.cliFlags;
      temporalMetricsUrl = server.metricsUrl;
      const serverEntry = { name: 'temporal', stop: () => server.stop() };
      stops.push(serverEntry);
      log(
        `  ${'temporal'.padEnd(12)} server on PostgreSQL (${persistence.database}, ${persistence.database}_visibility; ${serverOptions.historyShards} shards), mTLS on ${temporalAddress}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s, log ${where(join(serverOptions.dir, 'temporal.log'))}`,
      );
      restartTemporal = async () => {
        await server.stop();
        server = await startTemporalServer(serverOptions, (line) => log(`  ${line}`));
        log(`  ${'temporal'.padEnd(12)} restarted`);
      };
    }

    // --- Duban's database: migrations and the demo people.
    const applied = await migrate(databaseUrl);
    if (applied.length) log(`  ${'migrations'.padEnd(12)} applied: ${applied.join(', ')}`);
    const db = await createDataSource(databaseUrl).initialize();
    const directory = loadUnitDirectory(join(ROOT, 'seeds/units.yaml')).byName;
    const credentials = await seedDemoPeople(db, join(ROOT, 'seeds/people.yaml'), directory);
    await db.destroy();

    // --- The apps.
    const appEnv: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      JWT_SECRET: process.env.JWT_SECRET || readOrCreateSecret(join(dataDir, 'jwt-secret')),
      ...(options.namespace ? { TEMPORAL_NAMESPACE: options.namespace } : {}),
      ...(tls
        ? { TEMPORAL_TLS_CERT: tls.clientCert, TEMPORAL_TLS_KEY: tls.clientKey, TEMPORAL_TLS_CA: tls.caFile, TEMPORAL_TLS_SERVER_NAME: tls.serverName }
        : {}),
      ...options.appEnv,
    };
    if (cluster || options.prebuiltBundle) {
      const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('@duban/workflows'), logger: new DefaultLogger('WARN') });
      appEnv.WORKFLOW_BUNDLE = join(dataDir, 'workflow-bundle.js');
      writeFileSync(appEnv.WORKFLOW_BUNDLE, code);
    }
    const workers = options.workers ?? (cluster ? 2 : 1);
    const apis = options.apis ?? (cluster ? 2 : 1);
    for (let n = 1; n <= workers; n++) {
      apps.push({
        name: workers > 1 ? `worker-${n}` : 'worker',
        kind: 'worker',
        logFile: join(logsDir, workers > 1 ? `worker-${n}.log` : 'worker.log'),
        child: null,
      });
    }
    for (let n = 1; n <= apis; n++) {
      const port = cluster ? await freePort() : options.port;
      apps.push({ name: apis > 1 ? `api-${n}` : 'api', kind: 'api', port, logFile: join(logsDir, apis > 1 ? `api-${n}.log` : 'api.log'), child: null });
    }
    if (!cluster) await requirePortFree(options.port, 'the API', 'API_PORT');

    const stack: RunningStack = {
      profile: options.profile,
      url: `http://127.0.0.1:${options.port}`,
      dataDir,
      databaseUrl,
      temporalAddress,
      temporalCliFlags,
      tls,
      temporalMetricsUrl,
      credentials,
      appEnv,
      apps,
      startApp: async (name) => {
        const app = apps.find((a) => a.name === name);
        if (!app) throw new Error(`no app ${name}`);
        if (app.child && app.child.exitCode === null && app.child.signalCode === null) return;
        const log = openSync(app.logFile, 'a');
        const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, `apps/${app.kind}/src/main.ts`)], {
          cwd: ROOT,
          env: { ...process.env, ...appEnv, ...(app.port ? { API_PORT: String(app.port) } : {}), SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
          stdio: ['ignore', log, log],
        });
        app.child = child;
        child.once('exit', (code, signal) => {
          if (app.child === child) app.child = null;
          if (!stopping && !expectedExits.delete(child)) stack.onUnexpectedExit?.(app, code ?? signal);
        });
        if (app.kind === 'api') {
          await waitFor(
            `${app.name} on 127.0.0.1:${app.port}`,
            async () => {
              if (child.exitCode !== null) throw new Error(`${app.name} exited during start; see ${app.logFile}`);
              return (await fetch(`http://127.0.0.1:${app.port}/health`)).ok;
            },
            120_000,
            500,
          );
        }
      },
      killApp: async (name, signal = 'SIGKILL') => {
        const app = apps.find((a) => a.name === name);
        const child = app?.child;
        if (!child) return;
        expectedExits.add(child);
        const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
        child.kill(signal);
        await exited;
      },
      restartTemporal: () => restartTemporal(),
      stop: async () => {
        if (stopping) return;
        stopping = true;
        await stopApps();
        if (nginx) {
          await nginx.stop();
          log(`  ${'nginx'.padEnd(12)} stopped`);
        }
        await stopServices();
      },
    };
    const expectedExits = new Set<ChildProcess>();
    process.once('exit', () => apps.forEach((app) => app.child?.kill('SIGTERM')));

    // Workers first, so the APIs' first requests find the task queue polled; the APIs start side by side.
    for (const app of apps.filter((a) => a.kind === 'worker')) {
      await stack.startApp(app.name);
      log(`  ${app.name.padEnd(12)} pid ${app.child?.pid}, log ${where(app.logFile)}`);
    }
    await Promise.all(apps.filter((a) => a.kind === 'api').map((app) => stack.startApp(app.name)));
    for (const app of apps.filter((a) => a.kind === 'api'))
      log(`  ${app.name.padEnd(12)} 127.0.0.1:${app.port}, pid ${app.child?.pid}, log ${where(app.logFile)}`);
    if (cluster) {
      nginx = await startNginx({
        dir: join(dataDir, 'nginx'),
        port: options.port,
        upstreams: apps.filter((a) => a.kind === 'api').map((a) => `127.0.0.1:${a.port}`),
      });
      log(`  ${'nginx'.padEnd(12)} ${nginx.url} → ${apis} API instances, log ${where(join(dataDir, 'nginx/logs'))}`);
    }
    return stack;
  } catch (err) {
    stopping = true;
    await stopApps();
    await nginx?.stop().catch(() => undefined);
    await stopServices();
    throw err;
  }
}
