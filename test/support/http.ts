import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testEnvironment } from './env';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** A small client for the API under test: JSON in, JSON out, the bearer token if given. */
export async function api<T = any>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<ApiResponse<T>> {
  const res = await fetch(`${testEnvironment().apiUrl}${path}`, {
    method,
    signal: options.signal,
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

/**
 * How long the suites of one run share a person's access token (it lives 15 minutes): the API allows 10 sign-ins a
 * minute per person, and twenty suites signing the supervisor in one after another would meet that limit.
 */
const TOKEN_REUSE_MS = 10 * 60_000;

export async function signIn(username: string): Promise<string> {
  const environment = testEnvironment();
  const file = join(environment.dataDir, 'access-tokens.json');
  const held = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Record<string, { token: string; at: number }>;
  const reused = held[username];
  if (reused && Date.now() - reused.at < TOKEN_REUSE_MS) return reused.token;
  const credential = environment.credentials.find((c) => c.username === username);
  if (!credential) throw new Error(`no demo person ${username}`);
  const res = await api<{ accessToken: string }>('POST', '/auth/sign-in', { body: { username, password: credential.password } });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  held[username] = { token: res.body.accessToken, at: Date.now() };
  writeFileSync(file, JSON.stringify(held));
  return res.body.accessToken;
}

/** Polls until `probe` returns a value (bounded); for projections the workflow writes asynchronously. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
