import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DemoCredential } from '@duban/domain';
import { freePort } from '@duban/infra/src/ports';
import { REPO_ROOT, startApp, stopChild, waitForApi } from '../../support/apps';
import type { ApiResponse } from '../../support/http';

type HostCommand = 'stop-postgres' | 'start-postgres' | 'restart-temporal' | 'kill-postgres' | 'kill-temporal' | 'stop';

/**
 * A private Duban for one fault or fuzz suite: its own PostgreSQL and Temporal dev server (in a service-host
 * process), and its own worker and API on the workflow bundle global setup built. Suites that stop and kill
 * things never disturb the shared services the other suites use.
 */
export class Stack {
  readonly dataDir: string;
  databaseUrl = '';
  temporalAddress = '';
  apiUrl = '';
  credentials: DemoCredential[] = [];
  appEnv: Record<string, string> = {};
  worker: ChildProcess | null = null;
  apiProcess: ChildProcess | null = null;
  private host: ChildProcess | null = null;
  private readonly answers: Array<(line: Record<string, unknown>) => void> = [];
  private stopping = false;
  private readonly expectedExits = new Set<ChildProcess>();

  constructor(private readonly name: string) {
    this.dataDir = mkdtempSync(join(tmpdir(), `duban-${name}-`));
    // PostgreSQL runs as its own system user, which must be able to enter the folder mkdtemp made private.
    chmodSync(this.dataDir, 0o755);
  }

  /** `extraEnv`: settings for the worker and the API beyond the stack's own (e.g. SMTP_URL, DELIVERY_POLL_MS). */
  async start(extraEnv: Record<string, string> = {}): Promise<this> {
    const host = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'service-host.ts'), this.dataDir], {
      cwd: REPO_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.base.json') },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.host = host;
    createInterface({ input: host.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      this.answers.shift()?.(message);
    });
    const ready = await this.nextAnswer('start the services', 120_000);
    this.databaseUrl = ready.databaseUrl as string;
    this.temporalAddress = ready.temporalAddress as string;
    this.credentials = ready.credentials as DemoCredential[];
    const apiPort = await freePort();
    this.apiUrl = `http://127.0.0.1:${apiPort}`;
    this.appEnv = {
      WORKFLOW_BUNDLE: ready.workflowBundle as string,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_TASK_QUEUE: `duban-fault-${randomBytes(4).toString('hex')}`,
      API_PORT: String(apiPort),
      ...extraEnv,
    };
    this.startWorker();
    await this.startApi();
    return this;
  }

  startWorker(): ChildProcess {
    this.worker = this.watched('worker', startApp('worker', this.appEnv, join(this.dataDir, 'worker.log')));
    return this.worker;
  }

  async startApi(): Promise<void> {
    this.apiProcess = this.watched('api', startApp('api', this.appEnv, join(this.dataDir, 'api.log')));
    await waitForApi(this.apiUrl, this.apiProcess);
  }

  /** The end of an app's log (api.log, worker.log): for a failing suite to print before the data dir goes. */
  logTail(app: 'api' | 'worker', lines = 40): string {
    try {
      return readFileSync(join(this.dataDir, `${app}.log`), 'utf8')
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** No fault here ends an app unasked: if one exits before stop() (or killWorker()), say so at once with its last words. */
  private watched(app: 'api' | 'worker', child: ChildProcess): ChildProcess {
    child.once('exit', (code, signal) => {
      if (this.stopping || this.expectedExits.delete(child)) return;
      process.stderr.write(`[${this.name}] the ${app} exited unexpectedly (${code ?? signal}); the end of ${app}.log:\n${this.logTail(app)}\n`);
    });
    return child;
  }

  /** kill -9: no shutdown hooks, tasks in flight are lost to the worker and retried by Temporal. */
  async killWorker(): Promise<void> {
    const worker = this.worker;
    if (!worker || worker.exitCode !== null) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    this.expectedExits.add(worker);
    worker.kill('SIGKILL');
    await exited;
  }

  /** kill -9 of the API: requests in flight get a reset connection. */
  async killApi(): Promise<void> {
    const api = this.apiProcess;
    if (!api || api.exitCode !== null) return;
    const exited = new Promise((resolve) => api.once('exit', resolve));
    this.expectedExits.add(api);
    api.kill('SIGKILL');
    await exited;
  }

  command(command: HostCommand, timeoutMs = 120_000): Promise<Record<string, unknown>> {
    const answer = this.nextAnswer(command, timeoutMs);
    this.host?.stdin?.write(`${command}\n`);
    return answer.then((message) => {
      if (message.failed) throw new Error(`${command} failed: ${String(message.error)}`);
      return message;
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const app of [this.apiProcess, this.worker]) if (app) await stopChild(app);
    if (this.host && this.host.exitCode === null) {
      const exited = new Promise((resolve) => this.host?.once('exit', resolve));
      await this.command('stop').catch(() => this.host?.kill('SIGTERM'));
      await exited;
    }
    if (!process.env.DUBAN_KEEP_TEST_DATA) rmSync(this.dataDir, { recursive: true, force: true });
  }

  async api<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.apiUrl}${path}`, {
      method,
      ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}),
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: body as T };
  }

  async signIn(username: string): Promise<string> {
    const credential = this.credentials.find((c) => c.username === username);
    if (!credential) throw new Error(`no demo person ${username}`);
    const res = await this.api<{ accessToken: string }>('POST', '/auth/sign-in', { body: { username, password: credential.password } });
    if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  }

  private nextAnswer(what: string, timeoutMs: number): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the service host did not ${what} within ${timeoutMs / 1000} s; see its output above`)), timeoutMs);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`the service host exited (code ${code}) before it could ${what}`));
      };
      this.host?.once('exit', onExit);
      this.answers.push((message) => {
        clearTimeout(timer);
        this.host?.removeListener('exit', onExit);
        resolve(message);
      });
    });
  }
}
