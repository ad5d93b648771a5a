import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatDemoPeople } from '@duban/domain';
import { StackHost } from './src/stack-client';
import type { Profile } from './src/stack';
import { ensureWebConsoleBuilt } from './src/web-build';

const ROOT = resolve(__dirname, '..');
const SEED_PLAN = 'guangzhou-miit-cooperation-plan-2017.txt';
const SECOND_PLAN = 'city-key-supervision-2026.yaml';
const PROFILES: Profile[] = ['dev', 'cluster'];

function setting(name: string, fallback: string): string {
  return process.env[name] && process.env[name] !== '' ? (process.env[name] as string) : fallback;
}

async function http<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${JSON.stringify(body)}`);
  return body as T;
}

/**
 * `make up [PROFILE=cluster]`: the stack (infra/src/stack.ts), the seed plan imported and activated, the summary;
 * Ctrl-C stops the API instances and workers first, then nginx, Temporal and PostgreSQL.
 */
async function up(): Promise<void> {
  const profile = setting('PROFILE', 'dev') as Profile;
  if (!PROFILES.includes(profile)) throw new Error(`PROFILE=${profile}: choose one of ${PROFILES.join(', ')}`);
  const dataDir = resolve(ROOT, setting('DUBAN_DATA_DIR', profile === 'cluster' ? '.data/cluster' : '.data/dev'));
  const host = new StackHost();
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nstopping Duban…\n');
    await host.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    // Web console (issue 7): the API serves apps/web/dist at /console/; build it when missing or stale.
    ensureWebConsoleBuilt();
    process.stdout.write(`starting Duban (${profile} profile), logs in ${dataDir}…\n`);
    const stack = await host.start({
      profile,
      dataDir,
      port: Number(setting('API_PORT', '3000')),
      pgPort: Number(setting('PG_PORT', '54329')),
      temporalPort: Number(setting('TEMPORAL_PORT', '7233')),
      databaseUrl: process.env.DATABASE_URL || undefined,
      temporalAddress: process.env.TEMPORAL_ADDRESS || undefined,
      temporalDbUrl: process.env.TEMPORAL_DB_URL || undefined,
      historyShards: Number(setting('TEMPORAL_HISTORY_SHARDS', '4')),
      retention: setting('TEMPORAL_RETENTION', '30d'),
    });
    host.onExit = (app, code) => {
      process.stderr.write(`${app} exited (${String(code)}); see ${dataDir}/logs/${app}.log\n`);
      void stop(1);
    };
    const { credentials } = stack;
    const base = stack.url;

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
Duban is up (${profile} profile).
  Console         ${base}/console/
  API             ${base}
  OpenAPI         ${base}/docs
  seed plan       ${base}/plans/${imported.planId}/items  (17 items; ${activated.started} workflows started, ${activated.alreadyRunning} already running)
  second plan     ${secondPlan ? `${base}/plans/${secondPlan.planId}/items  (市政府督查室: sign in as supervisor-dcs)` : '(none)'}
  Temporal        ${stack.temporalAddress}${stack.tls ? ' (mTLS; client certificate in ' + dataDir + '/tls)' : ''}
  PostgreSQL      ${stack.databaseUrl.replace(/:[^:@/]+@/, ':***@')}${profile === 'cluster' ? `\n  instances       ${stack.apps.map((a) => a.name).join(', ')} behind nginx` : ''}
  data, logs      ${dataDir}, ${dataDir}/logs

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
