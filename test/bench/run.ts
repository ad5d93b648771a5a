/**
 * make bench [BENCH="activation fanout api memory web"] (or activation1k / activation10k alone): Duban's benchmarks on this machine. Each prints a table and
 * writes test-artifacts/bench/<name>.json; every figure comes with a baseline measured in the same run on the
 * same servers. Not a test: nothing here passes or fails on a number.
 *
 * BENCH_SCALE=0.1 runs everything at a tenth of the size (a quick look); BENCH_FANOUT_ITEMS sets the fan-out sizes.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { periodKeyFor } from '@duban/calendar';
import { createDataSource, migrate, seedDemoPeople, type DemoCredential } from '@duban/domain';
import { temporalConnectionOptions } from '@duban/config';
import { freeLowPort, freePort, startServices, StackHost } from '@duban/infra';
import { loadUnitDirectory } from '@duban/plan-parser';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { REPO_ROOT, startApp, stopChild, waitForApi } from '../support/apps';
import { MAX_ITEMS_PER_PLAN, syntheticPlan } from '../faults/support/synthetic-plan';
import { webPagesBench } from './web-pages';
import { ensureWebConsoleBuilt } from '@duban/infra/src/web-build';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts/bench');
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const scaled = (n: number) => Math.max(10, Math.round(n * SCALE));
const PLAN_SIZE = 1000;
const BASELINE_QUEUE = 'bench-baseline';
/** PROFILE=cluster: the fan-out also on the cluster profile, printed beside the dev topology's. */
const PROFILE = process.env.PROFILE === 'cluster' ? 'cluster' : 'dev';

const shanghaiToday = (): string => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const seconds = (ms: number) => Math.round(ms / 10) / 100;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function previousQuarterStart(today = shanghaiToday()): string {
  const [year, month] = today.split('-').map(Number);
  const quarter = Math.floor((month - 1) / 3) + 4 * year - 1;
  return `${Math.floor(quarter / 4)}-${String((quarter % 4) * 3 + 1).padStart(2, '0')}-01`;
}

/** Polls `probe` every `intervalMs` until it returns true; bounded. */
async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

interface Environment {
  /** `dev` (Temporal's dev server, one worker, one API) or `cluster` (PROFILE=cluster: infra/src/stack.ts). */
  topology: 'dev' | 'cluster';
  dataDir: string;
  stopServices: () => Promise<void>;
  db: PgClient;
  temporal: TemporalClient;
  temporalConnection: Connection;
  apiUrl: string;
  api?: ChildProcess;
  worker?: ChildProcess;
  credentials: DemoCredential[];
  tokens: Record<string, { token: string; at: number }>;
  baselineWorker: Worker;
  baselineRun: Promise<void>;
  touched: { count: number };
}

async function startEnvironment(): Promise<Environment> {
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  chmodSync(dataDir, 0o755);
  const services = await startServices({ dataDir, pgPort: await freePort(), temporalPort: await freePort(), fast: true });
  await migrate(services.databaseUrl);
  const ds = await createDataSource(services.databaseUrl).initialize();
  const credentials = await seedDemoPeople(ds, join(REPO_ROOT, 'seeds/people.yaml'), loadUnitDirectory(join(REPO_ROOT, 'seeds/units.yaml')).byName);
  await ds.destroy();
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('@duban/workflows'), logger: quiet });
  writeFileSync(join(dataDir, 'workflow-bundle.js'), code);
  const apiPort = await freePort();
  const appEnv = {
    WORKFLOW_BUNDLE: join(dataDir, 'workflow-bundle.js'),
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_TASK_QUEUE: 'duban-bench',
    API_PORT: String(apiPort),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'warn',
  };
  const worker = startApp('worker', appEnv, join(dataDir, 'worker.log'));
  // BENCH_PROF=<file>: V8's sampling profiler writes the API's ticks there (`node --prof-process <file>` reads it).
  const profile = process.env.BENCH_PROF ? ['--prof', `--logfile=${process.env.BENCH_PROF}`, '--no-logfile-per-isolate'] : [];
  const api = startApp('api', appEnv, join(dataDir, 'api.log'), profile);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitForApi(apiUrl, api);
  const db = new PgClient({ connectionString: services.databaseUrl });
  await db.connect();
  const temporalConnection = await Connection.connect({ address: services.temporalAddress });
  const temporal = new TemporalClient({ connection: temporalConnection });

  // The baseline worker: trivial workflows and one trivial activity, polled from this process.
  const touched = { count: 0 };
  const baseline = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline.workflows'), logger: quiet });
  const baselineWorker = await Worker.create({
    connection: await NativeConnection.connect({ address: services.temporalAddress }),
    taskQueue: BASELINE_QUEUE,
    workflowBundle: { code: baseline.code },
    activities: { touch: async (n: number) => ((touched.count += 1), n) },
  });
  const baselineRun = baselineWorker.run();

  const env: Environment = {
    topology: 'dev',
    dataDir,
    stopServices: () => services.stop(),
    db,
    temporal,
    temporalConnection,
    apiUrl,
    api,
    worker,
    credentials,
    tokens: {},
    baselineWorker,
    baselineRun,
    touched,
  };
  return env;
}

/**
 * PROFILE=cluster: the same benchmark on the production shape (infra/src/stack.ts through its host process): the
 * Temporal server on PostgreSQL over mTLS, two workers, two API instances behind nginx; the baseline worker runs in
 * this process against that server, over the same mTLS.
 */
async function startClusterEnvironment(): Promise<Environment> {
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-bench-cluster-'));
  chmodSync(dataDir, 0o755);
  const host = new StackHost();
  const info = await host.start({
    profile: 'cluster',
    dataDir,
    port: await freePort(),
    pgPort: await freePort(),
    temporalPort: await freeLowPort(),
    appEnv: { TEMPORAL_TASK_QUEUE: 'duban-bench', LOG_LEVEL: 'warn' },
  });
  const certs = info.tls as NonNullable<typeof info.tls>;
  const connectionOptions = temporalConnectionOptions({
    address: info.temporalAddress,
    tls: { certFile: certs.clientCert, keyFile: certs.clientKey, caFile: certs.caFile, serverName: certs.serverName },
  });
  const db = new PgClient({ connectionString: info.databaseUrl });
  await db.connect();
  const temporalConnection = await Connection.connect(connectionOptions);
  const touched = { count: 0 };
  const baseline = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline.workflows'), logger: quiet });
  const baselineWorker = await Worker.create({
    connection: await NativeConnection.connect(connectionOptions),
    taskQueue: BASELINE_QUEUE,
    workflowBundle: { code: baseline.code },
    activities: { touch: async (n: number) => ((touched.count += 1), n) },
  });
  return {
    topology: 'cluster',
    dataDir,
    stopServices: () => host.stop(),
    db,
    temporal: new TemporalClient({ connection: temporalConnection }),
    temporalConnection,
    apiUrl: info.url,
    credentials: info.credentials,
    tokens: {},
    baselineWorker,
    baselineRun: baselineWorker.run(),
    touched,
  };
}

async function stopEnvironment(env: Environment): Promise<void> {
  env.baselineWorker.shutdown();
  await env.baselineRun.catch(() => undefined);
  await env.temporalConnection.close();
  await env.db.end();
  if (env.api) await stopChild(env.api);
  if (env.worker) await stopChild(env.worker);
  await env.stopServices();
  if (process.env.DUBAN_KEEP_TEST_DATA) process.stderr.write(`bench data kept in ${env.dataDir}\n`);
  else rmSync(env.dataDir, { recursive: true, force: true });
}

const quiet = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  log: () => undefined,
  warn: () => undefined,
  error: (m: string) => process.stderr.write(`${m}\n`),
};

async function call<T = any>(env: Environment, method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${env.apiUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30 * 60_000),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as T };
  } catch {
    return { status: res.status, body: text as T };
  }
}

/** A fresh access token: they expire after minutes, and a benchmark runs longer. */
async function tokenOf(env: Environment, username: string): Promise<string> {
  const held = env.tokens[username];
  if (held && Date.now() - held.at < 5 * 60_000) return held.token;
  env.tokens[username] = { token: await signIn(env, username), at: Date.now() };
  return env.tokens[username].token;
}

async function signIn(env: Environment, username: string): Promise<string> {
  const credential = env.credentials.find((c) => c.username === username) as DemoCredential;
  const res = await call<{ accessToken: string }>(env, 'POST', '/auth/sign-in', undefined, { username, password: credential.password });
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status}`);
  return res.body.accessToken;
}

let planCounter = 0;
/** Imports plans of up to PLAN_SIZE items, `n` items in all; returns their ids. */
async function importPlans(env: Environment, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let left = n; left > 0; left -= PLAN_SIZE) {
    planCounter += 1;
    const size = Math.min(left, PLAN_SIZE, MAX_ITEMS_PER_PLAN);
    const res = await call(
      env,
      'POST',
      '/plans/import',
      await tokenOf(env, 'supervisor'),
      syntheticPlan(size, `穗测〔2026〕${9000 + planCounter}号-${randomBytes(3).toString('hex')}`),
    );
    if (res.status !== 201) throw new Error(`import: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(res.body.planId);
  }
  return ids;
}

async function activatePlans(env: Environment, planIds: string[], startOn?: string): Promise<number> {
  let started = 0;
  for (const planId of planIds) {
    const res = await call(env, 'POST', `/plans/${planId}/activate`, await tokenOf(env, 'supervisor'), startOn ? { startOn } : {});
    if (res.status !== 200) throw new Error(`activate: ${res.status} ${JSON.stringify(res.body)}`);
    started += res.body.started as number;
  }
  return started;
}

async function countFor(env: Environment, sql: string, planIds: string[]): Promise<number> {
  const { rows } = await env.db.query(sql, [planIds]);
  return rows[0].n as number;
}
const PERIODS_OF = 'SELECT count(*)::int AS n FROM reporting_period p JOIN item i ON i.id = p.item_id WHERE i.plan_id = ANY($1)';
const ITEMS_NOTIFIED = 'SELECT count(DISTINCT n.item_id)::int AS n FROM notification n JOIN item i ON i.id = n.item_id WHERE i.plan_id = ANY($1)';

/** Bare client starts of `n` trivial workflows, `inFlight` at a time; returns starts per second. */
async function baselineStarts(env: Environment, n: number, inFlight: number): Promise<number> {
  const prefix = `baseline-${randomBytes(4).toString('hex')}`;
  let next = 0;
  const start = Date.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) {
        const i = next;
        next += 1;
        await env.temporal.workflow.start('trivialWorkflow', { taskQueue: BASELINE_QUEUE, workflowId: `${prefix}-${i}` });
      }
    }),
  );
  return n / ((Date.now() - start) / 1000);
}

async function waitForIdleWorker(env: Environment, planIds: string[], expected: number, timeoutMs: number): Promise<number> {
  const start = Date.now();
  await until(`${expected} periods recorded`, async () => (await countFor(env, PERIODS_OF, planIds)) >= expected, timeoutMs, 1000);
  return Date.now() - start;
}

function machine() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
    loadAverage1m: round(loadavg()[0]),
  };
}

function report(name: string, title: string, rows: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`\n== ${title} ==\n`);
  console.table(rows);
  for (const [k, v] of Object.entries(extra)) process.stdout.write(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}\n`);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `${name}.json`), `${JSON.stringify({ name, title, machine: machine(), rows, ...extra }, null, 2)}\n`);
}

function rssMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024, 0);
}

/** Activation of 1,000 and 10,000 items, against bare starts of as many trivial workflows. */
/** A small plan activated first and not measured: the API, the worker and their caches warm, as the baseline's client is. */
async function warmUp(env: Environment): Promise<void> {
  const plans = await importPlans(env, 50);
  await activatePlans(env, plans);
  await waitForIdleWorker(env, plans, 50, 5 * 60_000);
}

async function activationBench(env: Environment, state: { openPlans: string[] }, sizes: number[]): Promise<void> {
  const rows: Array<Record<string, unknown>> = [];
  await warmUp(env);
  for (const n of sizes) {
    const sequential = await baselineStarts(env, n, 1);
    const concurrent = await baselineStarts(env, Math.min(n, 2000), 16);
    const importStart = Date.now();
    const plans = await importPlans(env, n);
    const importMs = Date.now() - importStart;
    const start = Date.now();
    const started = await activatePlans(env, plans);
    const activateMs = Date.now() - start;
    const settledMs = activateMs + (await waitForIdleWorker(env, plans, n, 30 * 60_000));
    state.openPlans.push(...plans);
    const rate = started / (activateMs / 1000);
    rows.push({
      items: n,
      'import s': seconds(importMs),
      'activate s': seconds(activateMs),
      'items/s': round(rate),
      'baseline starts/s (1 at a time)': round(sequential),
      ratio: round(rate / sequential, 2),
      'baseline starts/s (16 in flight)': round(concurrent),
      'ratio vs 16 in flight': round(rate / concurrent, 2),
      'all periods recorded s': seconds(settledMs),
    });
  }
  report(`activation-${sizes.join('-')}`, 'activation: POST /plans/{id}/activate (plans of 1,000 items) vs bare client starts of trivial workflows', rows, {
    note: 'the API starts item workflows 16 at a time (plus its own checks and records); the baselines are bare client starts of trivial workflows, one at a time and 16 in flight',
  });
}

/** Every item of a plan overdue at once: time until each item's urge (催办 / 督办单) is in an inbox, vs N trivial activities. */
async function fanOutBench(env: Environment): Promise<Array<Record<string, unknown>>> {
  const sizes = (process.env.BENCH_FANOUT_ITEMS ?? `${scaled(1000)}`).split(',').map(Number);
  const rows: Array<Record<string, unknown>> = [];
  for (const n of sizes) {
    const before = env.touched.count;
    const prefix = `fanout-baseline-${randomBytes(4).toString('hex')}`;
    const baselineStart = Date.now();
    for (let i = 0; i < n; i += 1)
      await env.temporal.workflow.start('oneActivityWorkflow', { taskQueue: BASELINE_QUEUE, workflowId: `${prefix}-${i}`, args: [i] });
    await until(`${n} baseline activities`, async () => env.touched.count - before >= n, 30 * 60_000, 200);
    const baselineMs = Date.now() - baselineStart;

    const plans = await importPlans(env, n);
    const start = Date.now();
    await activatePlans(env, plans, previousQuarterStart());
    const activateMs = Date.now() - start;
    let firstAllMs = NaN;
    await until(
      `every one of ${n} items to have its urge in an inbox`,
      async () => {
        const notified = await countFor(env, ITEMS_NOTIFIED, plans);
        if (notified >= n) firstAllMs = Date.now() - start;
        return notified >= n;
      },
      60 * 60_000,
      1000,
    );
    rows.push({
      topology: env.topology,
      items: n,
      'activate s': seconds(activateMs),
      'all urges in inbox s': seconds(firstAllMs),
      'items/s': round(n / (firstAllMs / 1000)),
      'baseline: N trivial activities s': seconds(baselineMs),
      'baseline/s': round(n / (baselineMs / 1000)),
      ratio: round(baselineMs / firstAllMs, 2),
    });
  }
  return rows;
}

function reportFanOut(rows: Array<Record<string, unknown>>): void {
  report(
    'fanout',
    'quarter fan-out: N items overdue at once (activated from the previous quarter) until every item has its notice in an inbox, vs N workflows of one trivial activity',
    rows,
    {
      note: 'both sides include starting the N workflows one after another; the Duban side also computes the calendar, records the period, opens the escalation and issues the notice; each topology is measured against its own baseline on its own servers (dev: Temporal dev server on SQLite, 1 worker, 1 API; cluster: Temporal server on PostgreSQL over mTLS, 2 workers, 2 API instances behind nginx)',
    },
  );
}

/** Worker and API resident memory with the open item workflows of the activation benchmark. */
async function memoryBench(env: Environment, state: { openPlans: string[] }): Promise<void> {
  if (state.openPlans.length === 0) {
    const plans = await importPlans(env, scaled(10_000));
    await activatePlans(env, plans);
    await waitForIdleWorker(env, plans, scaled(10_000), 30 * 60_000);
    state.openPlans.push(...plans);
  }
  const open = await countFor(
    env,
    "SELECT count(*)::int AS n FROM reporting_period p JOIN item i ON i.id = p.item_id WHERE i.plan_id = ANY($1) AND p.state IN ('open', 'upcoming')",
    state.openPlans,
  );
  await sleep(5000);
  report(
    'memory',
    'memory: resident set size with the open item workflows',
    [{ 'open item workflows': open, 'worker RSS MiB': rssMiB(env.worker?.pid), 'API RSS MiB': rssMiB(env.api?.pid) }],
    {
      note: 'RSS from /proc/<pid>/status (VmRSS) of the worker and API processes',
    },
  );
}

function runLoad(spec: Record<string, unknown>): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    // The spec (with its request bodies) goes through a file: too long for a command-line argument.
    const specFile = join(tmpdir(), `duban-load-${randomBytes(4).toString('hex')}.json`);
    writeFileSync(specFile, JSON.stringify(spec));
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'load.ts'), specFile], {
      cwd: REPO_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.base.json') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once(
      'exit',
      (code) => (
        rmSync(specFile, { force: true }),
        code === 0 ? resolve(JSON.parse(out) as Record<string, any>) : reject(new Error(`load generator exited with ${code}`))
      ),
    );
  });
}

/** Submissions and queue reads at 50 concurrent clients, with 1,000,000 historical reports in PostgreSQL. */
async function apiBench(env: Environment, state: { openPlans: string[] }): Promise<void> {
  const submissions = scaled(1000);
  if (state.openPlans.length === 0) {
    const plans = await importPlans(env, submissions);
    await activatePlans(env, plans);
    await waitForIdleWorker(env, plans, submissions, 30 * 60_000);
    state.openPlans.push(...plans);
  }
  const history = scaled(1_000_000);
  const historyStart = Date.now();
  const { rows: who } = await env.db.query("SELECT p.id AS person, p.unit_id AS unit FROM person p WHERE p.username = 'gxw-reporter'");
  // As many monthly periods per item as it takes to reach `history` reports over the items there are.
  const { rows: itemCount } = await env.db.query('SELECT count(*)::int AS n FROM item');
  const months = Math.ceil(history / itemCount[0].n);
  await env.db.query(
    `INSERT INTO reporting_period (item_id, workflow_id, key, starts_on, ends_on, opens_on, due_on, co_due_on, state, closed_at)
     SELECT i.id, 'history:' || i.id, to_char(d, 'YYYY-MM'), d, d + 27, d + 27, d + 35, d + 33, 'approved', d + 40
       FROM item i,
            LATERAL (SELECT (date '1900-01-01' + make_interval(months => m))::date AS d FROM generate_series(0, $1 - 1) m) x`,
    [months],
  );
  await env.db.query(
    `INSERT INTO report (idempotency_key, period_id, item_id, unit_id, submitted_by, attempt, narrative, indicator_values, status, submitted_at)
     SELECT 'history:' || p.id, p.id, p.item_id, $1, $2, 1, '本期工作按计划推进，完成阶段目标。', '[{"indicator":"完成率","value":100,"unit":"%"}]', 'approved', p.due_on
       FROM reporting_period p WHERE p.workflow_id LIKE 'history:%' LIMIT $3`,
    [who[0].unit, who[0].person, history],
  );
  await env.db.query('ANALYZE');
  const { rows: counted } = await env.db.query('SELECT count(*)::int AS n FROM report');
  const historyMs = Date.now() - historyStart;

  const periodKey = periodKeyFor(shanghaiToday(), 'quarterly');
  const { rows: open } = await env.db.query(
    `SELECT i.id FROM item i JOIN reporting_period p ON p.item_id = i.id AND p.key = $2 AND p.state = 'open'
      WHERE i.plan_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM report r WHERE r.period_id = p.id) ORDER BY i.id LIMIT $3`,
    [state.openPlans, periodKey, submissions],
  );
  const bodies = open.map((r: { id: string }, n: number) => [
    `/items/${r.id}/reports`,
    { periodKey, narrative: `第${n + 1}项工作按计划推进。`, indicatorValues: [{ indicator: '完成率', value: 80, unit: '%' }] },
  ]);
  // Half the open items at saturation, the other half paced: 50 clients sending 20 submissions a second between them.
  const half = Math.floor(bodies.length / 2);
  const reporter = await tokenOf(env, 'gxw-reporter');
  const submit = await runLoad({ url: env.apiUrl, method: 'POST', path: '/', token: reporter, connections: 50, bodies: bodies.slice(0, half) });
  const submitPaced = await runLoad({
    url: env.apiUrl,
    method: 'POST',
    path: '/',
    token: reporter,
    connections: 50,
    overallRate: 20,
    bodies: bodies.slice(half),
  });
  const queue = await runLoad({
    url: env.apiUrl,
    method: 'GET',
    path: '/queue',
    token: await tokenOf(env, 'supervisor'),
    connections: 50,
    durationSeconds: 20,
  });
  const queuePaced = await runLoad({
    url: env.apiUrl,
    method: 'GET',
    path: '/queue',
    token: await tokenOf(env, 'supervisor'),
    connections: 50,
    overallRate: 100,
    durationSeconds: 20,
  });
  // Baseline in the same run: an authenticated request that does no query (the framework, auth and JSON alone).
  const me = await runLoad({ url: env.apiUrl, method: 'GET', path: '/auth/me', token: await tokenOf(env, 'supervisor'), connections: 50, durationSeconds: 20 });
  const row = (what: string, r: Record<string, any>) => ({
    what,
    requests: r.requests,
    'req/s': round(r.throughputPerSecond),
    'p50 ms': r.p50Ms,
    'p99 ms': r.p99Ms,
    'max ms': r.maxMs,
    non2xx: r.non2xx,
    errors: r.errors,
  });
  report(
    'api',
    `API at 50 concurrent clients (autocannon in a second process), ${counted[0].n.toLocaleString('en')} reports in PostgreSQL`,
    [
      row('POST /items/{id}/reports, saturation', submit),
      row('POST /items/{id}/reports, paced at 20/s', submitPaced),
      row('GET /queue (first page), saturation', queue),
      row('GET /queue (first page), paced at 100/s', queuePaced),
      row('baseline: GET /auth/me (no query), saturation', me),
    ],
    {
      historyInsertSeconds: seconds(historyMs),
      statusCodes: { submit: submit.statusCodes, submitPaced: submitPaced.statusCodes, queue: queue.statusCodes, queuePaced: queuePaced.statusCodes },
      note: 'saturation: each of the 50 connections sends its next request when the last is answered; paced: the 50 connections send the given rate between them',
    },
  );
}

/** The console's pages on the seed plan in chromium (issue 7's "no page slower than 1 s to interactive"). */
async function webBench(env: Environment): Promise<void> {
  const rows = await webPagesBench({
    apiUrl: env.apiUrl,
    passwordOf: (username) => (env.credentials.find((c) => c.username === username) as DemoCredential).password,
    call: async (method, path, username, body) => call(env, method, path, await tokenOf(env, username), body),
    settled: (planId, items) =>
      until(
        `the seed's ${items} periods and notices`,
        async () => (await countFor(env, PERIODS_OF, [planId])) >= items && (await countFor(env, ITEMS_NOTIFIED, [planId])) >= items,
        5 * 60_000,
      ),
    startOn: previousQuarterStart(),
    runs: Number(process.env.BENCH_WEB_RUNS ?? 7),
  });
  report('web', 'console pages on the seed plan in chromium: navigation start until the content is on screen', rows, {
    note: 'measured in the page (performance.now() when the ready element has a size); 1280×800, zh-CN, the API serving the built console on loopback',
  });
}

async function main(): Promise<void> {
  const selected = process.argv
    .slice(2)
    .flatMap((a) => a.split(/[\s,]+/))
    .filter(Boolean);
  const wanted = (name: string) => selected.length === 0 || selected.includes(name);
  process.stdout.write(`machine: ${JSON.stringify(machine())}; scale ${SCALE}\n`);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // Built before the API starts, which serves it at /console/.
  if (wanted('web')) ensureWebConsoleBuilt();
  const env = await startEnvironment();
  const state = { openPlans: [] as string[] };
  try {
    // Smaller runs first, so a long run still leaves figures behind if it is stopped.
    if (wanted('activation') || wanted('activation1k')) await activationBench(env, state, [scaled(1000)]);
    if (wanted('fanout')) {
      const rows = await fanOutBench(env);
      if (PROFILE === 'cluster') {
        // One topology at a time: the dev stack idles while the cluster runs (they share the machine's cores).
        const cluster = await startClusterEnvironment();
        try {
          rows.push(...(await fanOutBench(cluster)));
        } finally {
          await stopEnvironment(cluster);
        }
      }
      reportFanOut(rows);
    }
    if (wanted('api')) await apiBench(env, state);
    if (wanted('activation') || wanted('activation10k')) await activationBench(env, state, [scaled(10_000)]);
    if (wanted('memory')) await memoryBench(env, state);
    if (wanted('web')) await webBench(env);
  } finally {
    await stopEnvironment(env);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
