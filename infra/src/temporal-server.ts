import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import type { RunCertificates } from './certs';
import { freeLowPort, requirePortFree, waitFor } from './ports';
import { readOrCreateSecret } from './postgres';
import { stopChild, temporalCli, type RunningTemporal } from './temporal';

const REPO_ROOT = resolve(__dirname, '../..');

/** Where Temporal keeps its two stores: a PostgreSQL server and a role that owns (or may create) both databases. */
export interface TemporalPersistence {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The history store; visibility lives in `<database>_visibility`. */
  database: string;
}

export interface TemporalServerOptions {
  /** Folder for the server's config and log. */
  dir: string;
  frontendPort: number;
  persistence: TemporalPersistence;
  /** History shards: fixed for the life of the cluster (docs/deploy.md says how to choose). */
  historyShards: number;
  namespace: string;
  /** Closed workflows' history retention, a Temporal duration such as `30d`. */
  retention: string;
  /** mTLS on the frontend: it refuses any client without a certificate signed by `tls.caFile`. */
  tls?: RunCertificates;
  /** Port of the server's Prometheus metrics on 127.0.0.1 (0: a free one). */
  metricsPort?: number;
}

export interface RunningTemporalServer extends RunningTemporal {
  metricsUrl: string;
  /** The CLI's flags that reach this frontend (TLS included). */
  cliFlags: string[];
}

/** Finds or builds the Temporal server and temporal-sql-tool through infra/tools/temporal-server.sh. */
export function temporalServerBinaries(): { server: string; sqlTool: string } {
  const result = spawnSync('bash', [join(REPO_ROOT, 'infra/tools/temporal-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error('Could not provide the Temporal server (see the message above). Set TEMPORAL_SERVER_BIN and TEMPORAL_SQL_TOOL.');
  const [server, sqlTool] = result.stdout.trim().split('\n').slice(-2);
  return { server, sqlTool };
}

/** Parses TEMPORAL_DB_URL (postgres://user:pass@host:port/database). */
export function persistenceFromUrl(url: string): TemporalPersistence {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: parsed.pathname.replace(/^\//, '') || 'temporal',
  };
}

/**
 * Gives Temporal a role and two databases of its own on the embedded PostgreSQL (`adminUrl` is its superuser):
 * Duban's own database stays out of Temporal's reach. The role's password is generated once per data folder.
 */
export async function provisionTemporalDatabases(adminUrl: string, secretsDir: string, port: number): Promise<TemporalPersistence> {
  const persistence: TemporalPersistence = {
    host: '127.0.0.1',
    port,
    user: 'temporal',
    password: readOrCreateSecret(join(secretsDir, 'temporal-db-password')),
    database: 'temporal',
  };
  const admin = new Client({ connectionString: adminUrl.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [persistence.user]);
    const password = `'${persistence.password.replace(/'/g, "''")}'`;
    await admin.query(`${role.rowCount ? 'ALTER' : 'CREATE'} ROLE ${persistence.user} LOGIN PASSWORD ${password}`);
    for (const database of [persistence.database, `${persistence.database}_visibility`]) {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!found.rowCount) await admin.query(`CREATE DATABASE ${database} OWNER ${persistence.user} ENCODING 'UTF8'`);
    }
  } finally {
    await admin.end();
  }
  return persistence;
}

/**
 * Sets up (first run) or upgrades (later runs, a newer server) both schemas; running it again changes nothing.
 * temporal-sql-tool's `update-schema` applies only the versions a database lacks.
 */
export async function ensureTemporalSchemas(sqlTool: string, persistence: TemporalPersistence, log: (line: string) => void): Promise<void> {
  const stores = [
    { database: persistence.database, schema: 'postgresql/v12/temporal' },
    { database: `${persistence.database}_visibility`, schema: 'postgresql/v12/visibility' },
  ];
  for (const store of stores) {
    const env = {
      ...process.env,
      SQL_HOST: persistence.host,
      SQL_PORT: String(persistence.port),
      SQL_USER: persistence.user,
      SQL_PASSWORD: persistence.password,
      SQL_DATABASE: store.database,
      SQL_PLUGIN: 'postgres12',
    };
    const run = (args: string[]) => {
      const result = spawnSync(sqlTool, ['--plugin', 'postgres12', '--quiet', ...args], { env, encoding: 'utf8' });
      if (result.status !== 0)
        throw new Error(
          `temporal-sql-tool ${args[0]} on ${store.database} failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ')}`,
        );
    };
    if (!(await hasSchemaVersion(persistence, store.database))) {
      log(`temporal: setting up the ${store.database} schema`);
      run(['setup-schema', '-v', '0.0']);
    }
    run(['update-schema', '--schema-name', store.schema]);
  }
}

async function hasSchemaVersion(persistence: TemporalPersistence, database: string): Promise<boolean> {
  const client = new Client({ host: persistence.host, port: persistence.port, user: persistence.user, password: persistence.password, database });
  await client.connect();
  try {
    const { rows } = await client.query<{ found: boolean }>("SELECT to_regclass('public.schema_version') IS NOT NULL AS found");
    return rows[0].found;
  } finally {
    await client.end();
  }
}

interface ServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  metrics: number;
}

/** The server's YAML config: one process running all four services, every port on loopback. */
export function temporalServerConfig(options: TemporalServerOptions, ports: ServerPorts): string {
  const { persistence, tls } = options;
  const store = (database: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName: database,
      connectAddr: `${persistence.host}:${persistence.port}`,
      connectProtocol: 'tcp',
      user: persistence.user,
      password: persistence.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number, extra: object = {}) => ({ rpc: { grpcPort, membershipPort, bindOnIP: '127.0.0.1', ...extra } });
  const clientTls = tls ? { serverName: tls.serverName, rootCaFiles: [tls.caFile] } : undefined;
  const config = {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: options.historyShards,
      datastores: { default: store(persistence.database, 20), visibility: store(`${persistence.database}_visibility`, 5) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${ports.metrics}` } },
      ...(tls
        ? {
            tls: {
              frontend: {
                server: { certFile: tls.serverCert, keyFile: tls.serverKey, requireClientAuth: true, clientCaFiles: [tls.caFile] },
                client: clientTls,
              },
              // Temporal's own system workers (and the frontend calling itself) are clients of the frontend too.
              systemWorker: { certFile: tls.serverCert, keyFile: tls.serverKey, client: clientTls },
            },
          }
        : {}),
    },
    services: {
      frontend: rpc(ports.frontend, ports.frontendMembership, { httpPort: ports.frontendHttp }),
      history: rpc(ports.history, ports.historyMembership),
      matching: rpc(ports.matching, ports.matchingMembership),
      worker: rpc(ports.worker, ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend}`,
          httpAddress: `127.0.0.1:${ports.frontendHttp}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
  };
  // JSON is YAML: no YAML writer needed for a file only the server reads.
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * Provisions and starts the Temporal server on PostgreSQL: schemas, config from the options, start, health, the
 * namespace with its retention. `stop()` ends it with SIGTERM (the server drains and exits).
 */
export async function startTemporalServer(options: TemporalServerOptions, log: (line: string) => void): Promise<RunningTemporalServer> {
  await requirePortFree(options.frontendPort, 'the Temporal frontend', 'TEMPORAL_PORT');
  mkdirSync(options.dir, { recursive: true });
  const { server, sqlTool } = temporalServerBinaries();
  await ensureTemporalSchemas(sqlTool, options.persistence, log);

  const ports: ServerPorts = {
    frontend: options.frontendPort,
    frontendHttp: await freeLowPort(),
    frontendMembership: await freeLowPort(),
    history: await freeLowPort(),
    historyMembership: await freeLowPort(),
    matching: await freeLowPort(),
    matchingMembership: await freeLowPort(),
    worker: await freeLowPort(),
    workerMembership: await freeLowPort(),
    metrics: options.metricsPort || (await freeLowPort()),
  };
  const configFile = join(options.dir, 'config.yaml');
  writeFileSync(configFile, temporalServerConfig(options, ports), { mode: 0o600 });

  const logFd = openSync(join(options.dir, 'temporal.log'), 'a');
  const child = spawn(server, ['--config-file', configFile, '--allow-no-auth', 'start'], { stdio: ['ignore', logFd, logFd] });
  let exited = false;
  child.once('exit', () => (exited = true));
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);

  const address = `127.0.0.1:${options.frontendPort}`;
  const tls = options.tls;
  const cliFlags = [
    '--address',
    address,
    ...(tls ? ['--tls-ca-path', tls.caFile, '--tls-cert-path', tls.clientCert, '--tls-key-path', tls.clientKey, '--tls-server-name', tls.serverName] : []),
  ];
  const cli = temporalCli();
  const runCli = (args: string[]) => spawnSync(cli, [...args, ...cliFlags], { encoding: 'utf8' });
  try {
    await waitFor('the Temporal server', async () => exited || runCli(['operator', 'cluster', 'health']).status === 0, 120_000, 500);
    if (exited) throw new Error(`the Temporal server exited at start; see ${join(options.dir, 'temporal.log')}`);
    const described = runCli(['operator', 'namespace', 'describe', '--namespace', options.namespace]);
    const verb = described.status === 0 ? 'update' : 'create';
    const registered = runCli(['operator', 'namespace', verb, '--namespace', options.namespace, '--retention', options.retention]);
    if (registered.status !== 0) throw new Error(`namespace ${verb} ${options.namespace} failed: ${registered.stderr.trim()}`);
    // A new namespace reaches every frontend's cache within seconds; wait until it serves.
    await waitFor(
      `the namespace ${options.namespace}`,
      async () => runCli(['workflow', 'list', '--namespace', options.namespace, '--limit', '1']).status === 0,
      60_000,
      500,
    );
  } catch (err) {
    process.removeListener('exit', killOnExit);
    await stopChild(child);
    throw err;
  }
  return {
    address,
    metricsUrl: `http://127.0.0.1:${ports.metrics}/metrics`,
    cliFlags,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await stopChild(child, 30_000);
    },
  };
}
