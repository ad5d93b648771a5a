import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@duban/infra/src/ports';
import { startApp, stopChild, waitForApi } from '../../support/apps';
import { testEnvironment } from '../../support/env';

/** An API instance of its own, on the shared database and Temporal, with settings of the test's choosing. */
export interface ApiInstance {
  url: string;
  child: ChildProcess;
}

export async function startApiInstance(name: string, settings: Record<string, string>): Promise<ApiInstance> {
  const environment = testEnvironment();
  const port = await freePort();
  const child = startApp('api', { ...environment.appEnv, ...settings, API_PORT: String(port) }, join(environment.dataDir, `${name}.log`));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForApi(url, child);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { url, child };
}

export async function stopApiInstances(...instances: Array<ApiInstance | undefined>): Promise<void> {
  await Promise.all(instances.map((i) => (i ? stopChild(i.child) : undefined)));
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** JSON in, JSON out, against any instance; the answer's headers kept (Set-Cookie, Retry-After). */
export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** A throwaway person made by the security administrator, with the initial password they were given. */
export async function newPerson(
  baseUrl: string,
  securityAdmin: string,
  input: { username: string; role: string; unitId?: string },
): Promise<{ id: string; username: string; password: string }> {
  const res = await call(baseUrl, 'POST', '/admin/people', { token: securityAdmin, body: { displayName: input.username, ...input } });
  if (res.status !== 201) throw new Error(`could not create ${input.username}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.person.id, username: input.username, password: res.body.initialPassword };
}

export async function signInAs(baseUrl: string, username: string, password: string): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await call(baseUrl, 'POST', '/auth/sign-in', { body: { username, password } });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
