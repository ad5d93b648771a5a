import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDataSource, formatDemoPeople, migrate, seedDemoPeople } from '@duban/domain';
import { loadUnitDirectory } from '@duban/plan-parser';
import { readOrCreateSecret, startServices, stopChild, waitFor, requirePortFree } from './src';
import { ensureWebConsoleBuilt } from './src/web-build';
import { spawn, type ChildProcess } from 'node:child_process';

const ROOT = resolve(__dirname, '..');
const SEED_PLAN = 'guangzhou-miit-cooperation-plan-2017.txt';
const SECOND_PLAN = 'city-key-supervision-2026.yaml';

function setting(name: string, fallback: string): string {
  return process.env[name] && process.env[name] !== '' ? (process.env[name] as string) : fallback;
}

function startApp(app: 'api' | 'worker', env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, `apps/${app}/src/main.ts`)], {
    cwd: ROOT,
    env: { ...process.env, ...env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function http<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${JSON.stringify(body)}`);
  return body as T;
}

/** `make up`: services, migrations, demo people, worker, API, the seed plan imported and activated; Ctrl-C stops it all. */
async function up(): Promise<void> {
  const dataDir = resolve(ROOT, setting('DUBAN_DATA_DIR', '.data/dev'));
  const apiPort = Number(setting('API_PORT', '3000'));
  const services = await startServices({
    dataDir,
    pgPort: Number(setting('PG_PORT', '54329')),
    temporalPort: Number(setting('TEMPORAL_PORT', '7233')),
    databaseUrl: process.env.DATABASE_URL || undefined,
    temporalAddress: process.env.TEMPORAL_ADDRESS || undefined,
  });
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nstopping Duban…\n');
    for (const child of children.reverse()) await stopChild(child);
    await services.stop();
    process.exit(code);
  };
  process.once('exit', () => children.forEach((child) => child.kill('SIGTERM')));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    await requirePortFree(apiPort, 'the API', 'API_PORT');
    const applied = await migrate(services.databaseUrl);
    if (applied.length) process.stdout.write(`migrations applied: ${applied.join(', ')}\n`);
    const db = await createDataSource(services.databaseUrl).initialize();
    const directory = loadUnitDirectory(join(ROOT, 'seeds/units.yaml')).byName;
    const credentials = await seedDemoPeople(db, join(ROOT, 'seeds/people.yaml'), directory);
    await db.destroy();

    const env = {
      DATABASE_URL: services.databaseUrl,
      TEMPORAL_ADDRESS: services.temporalAddress,
      API_PORT: String(apiPort),
      JWT_SECRET: process.env.JWT_SECRET || readOrCreateSecret(join(dataDir, 'jwt-secret')),
    };
    // Web console (issue 7): the API serves apps/web/dist at /console/; build it when missing or stale.
    ensureWebConsoleBuilt();
    children.push(startApp('worker', env));
    const api = startApp('api', env);
    children.push(api);
    for (const child of children) child.once('exit', (code) => !stopping && void stop(code ?? 1));
    const base = `http://127.0.0.1:${apiPort}`;
    await waitFor('the API', async () => (await fetch(`${base}/health`)).ok, 120_000, 500);

    const supervisor = credentials.find((c) => c.role === 'supervisor');
    if (!supervisor) throw new Error('seeds/people.yaml has no supervisor');
    const { accessToken } = await http<{ accessToken: string }>(`${base}/auth/sign-in`, {
      method: 'POST',
      body: JSON.stringify({ username: supervisor.username, password: supervisor.password }),
    });
    const auth = { authorization: `Bearer ${accessToken}` };
    const content = readFileSync(join(ROOT, 'seeds', SEED_PLAN), 'utf8');
    const imported = await http<{ planId: string }>(`${base}/plans/import`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ fileName: SEED_PLAN, content }),
    });
    const activated = await http<{ started: number; alreadyRunning: number }>(`${base}/plans/${imported.planId}/activate`, {
      method: 'POST',
      headers: auth,
      body: '{}',
    });

    // The second office's small plan, imported and activated by that office's supervisor.
    const second = credentials.find((c) => c.username === 'supervisor-dcs');
    const secondPlan = second ? await importAndActivate(base, second, SECOND_PLAN) : null;

    process.stdout.write(`
Duban is up.
  Console         ${base}/console/
  API             ${base}
  OpenAPI         ${base}/docs
  seed plan       ${base}/plans/${imported.planId}/items  (17 items; ${activated.started} workflows started, ${activated.alreadyRunning} already running)
  second plan     ${secondPlan ? `${base}/plans/${secondPlan.planId}/items  (市政府督查室: sign in as supervisor-dcs)` : '(none)'}
  Temporal        ${services.temporalAddress}
  PostgreSQL      ${services.databaseUrl.replace(/:[^:@/]+@/, ':***@')}
  data            ${dataDir}

Demo people by unit (passwords are new on every start and shown only here):
${formatDemoPeople(credentials)}

Ctrl-C stops everything; the data stays in ${dataDir}.
`);
  } catch (err) {
    process.stderr.write(`make up failed: ${err instanceof Error ? err.message : String(err)}\n`);
    await stop(1);
  }
}

async function importAndActivate(base: string, who: { username: string; password: string }, file: string): Promise<{ planId: string }> {
  const { accessToken } = await http<{ accessToken: string }>(`${base}/auth/sign-in`, {
    method: 'POST',
    body: JSON.stringify({ username: who.username, password: who.password }),
  });
  const headers = { authorization: `Bearer ${accessToken}` };
  const content = readFileSync(join(ROOT, 'seeds', file), 'utf8');
  const imported = await http<{ planId: string }>(`${base}/plans/import`, { method: 'POST', headers, body: JSON.stringify({ fileName: file, content }) });
  await http(`${base}/plans/${imported.planId}/activate`, { method: 'POST', headers, body: '{}' });
  return imported;
}

up().catch((err: unknown) => {
  process.stderr.write(`make up: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
