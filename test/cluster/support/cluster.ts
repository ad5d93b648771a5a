import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { freeLowPort, freePort } from '@duban/infra/src/ports';
import { StackHost, type StackInfo } from '@duban/infra/src/stack-client';
import { Client as PgClient } from 'pg';
import type { ApiResponse } from '../../support/http';

/** The cluster profile for one suite, on free ports and a temp folder, with the test suites' delivery tuning. */
export class Cluster {
  readonly dataDir: string;
  readonly host = new StackHost();
  info!: StackInfo;
  readonly unexpectedExits: string[] = [];
  private readonly tokens = new Map<string, string>();

  /** `dataDir`: a folder of its own (a restored backup); by default a new temp folder, removed by stop(). */
  constructor(name: string, dataDir?: string) {
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), `duban-${name}-`));
    // PostgreSQL runs as its own system user, which must be able to enter the folder mkdtemp made private.
    chmodSync(this.dataDir, 0o755);
  }

  async start(): Promise<this> {
    this.host.onExit = (app, code) => {
      this.unexpectedExits.push(`${app} (${String(code)})`);
      process.stderr.write(`[cluster] ${app} exited unexpectedly (${String(code)}); the end of its log:\n${this.logTail(app)}\n`);
    };
    this.info = await this.host.start({
      profile: 'cluster',
      dataDir: this.dataDir,
      port: await freePort(),
      pgPort: await freePort(),
      // The frontend's port is stored in a smallint column of Temporal's membership table.
      temporalPort: await freeLowPort(),
      historyShards: 4,
      appEnv: {
        TEMPORAL_TASK_QUEUE: 'duban-cluster',
        DELIVERY_POLL_MS: '200',
        DELIVERY_QUIET_HOURS: 'false',
        DELIVERY_LEASE_MS: '5000',
        // A retry may take over a key the killed API instance held after 10 s (300 s by default).
        IDEMPOTENCY_TAKEOVER_SECONDS: '10',
      },
    });
    return this;
  }

  async stop(options: { keepData?: boolean } = {}): Promise<void> {
    await this.host.stop();
    if (!options.keepData && !process.env.DUBAN_KEEP_TEST_DATA) rmSync(this.dataDir, { recursive: true, force: true });
  }

  logTail(app: string, lines = 30): string {
    try {
      return readFileSync(join(this.dataDir, 'logs', `${app}.log`), 'utf8')
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** A request through nginx (or straight to `base`). Network errors are thrown, as a client sees them. */
  async api<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; base?: string } = {},
  ): Promise<ApiResponse<T>> {
    const res = await fetch(`${options.base ?? this.info.url}${path}`, {
      method,
      signal: AbortSignal.timeout(60_000),
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

  /** Signs a demo person in once per suite (the API limits sign-ins per person and minute). */
  async signIn(username: string): Promise<string> {
    const known = this.tokens.get(username);
    if (known) return known;
    const credential = this.info.credentials.find((c) => c.username === username);
    if (!credential) throw new Error(`no demo person ${username}`);
    const res = await this.api<{ accessToken: string }>('POST', '/auth/sign-in', { body: { username, password: credential.password } });
    if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.tokens.set(username, res.body.accessToken);
    return res.body.accessToken;
  }

  /** A Temporal client over mTLS with the run's client certificate, or with the TLS parts given. */
  async temporal(tls?: { withCertificate: boolean }): Promise<{ client: TemporalClient; close: () => Promise<void> }> {
    const certs = this.info.tls;
    if (!certs) throw new Error('the cluster runs without TLS');
    const withCertificate = tls?.withCertificate ?? true;
    const connection = await Connection.connect({
      address: this.info.temporalAddress,
      connectTimeout: withCertificate ? '10s' : '3s',
      tls: {
        serverNameOverride: certs.serverName,
        serverRootCACertificate: readFileSync(certs.caFile),
        ...(withCertificate ? { clientCertPair: { crt: readFileSync(certs.clientCert), key: readFileSync(certs.clientKey) } } : {}),
      },
    });
    return { client: new TemporalClient({ connection, namespace: 'default' }), close: () => connection.close() };
  }

  async db(): Promise<PgClient> {
    const db = new PgClient({ connectionString: this.info.databaseUrl });
    await db.connect();
    return db;
  }
}
