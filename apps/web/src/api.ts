// The console's HTTP client: JSON in and out, the bearer token from the session, one refresh on 401.
// The session (issue 12): the access token lives in this module's memory only; the refresh token is an HttpOnly cookie
// the page never sees, spent at each refresh, and the refresh and sign-out requests repeat the duban_csrf cookie in the
// X-CSRF-Token header.
import type { Session } from './types';

let current: Session | null = null;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export function loadSession(): Session | null {
  return current;
}

function csrfHeader(): Record<string, string> {
  const token = document.cookie
    .split('; ')
    .find((c) => c.startsWith('duban_csrf='))
    ?.slice('duban_csrf='.length);
  return token ? { 'x-csrf-token': decodeURIComponent(token) } : {};
}

/**
 * One refresh at a time in the whole browser (every tab of the console): a refresh token works once, so two tabs
 * refreshing with the same cookie would look like a stolen token and end the session.
 */
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator === 'undefined' || !navigator.locks) return work();
  return navigator.locks.request('duban-refresh', work) as Promise<T>;
}

/**
 * GETs sent before the page that reads them is on screen (see preload.ts), each answer kept for its first reader.
 * Only fresh answers are handed out, and any change (a non-GET request, another session) drops them: a page never shows data older
 * than what it would have asked for itself.
 */
interface EarlyGet {
  sentAt: number;
  answer: Promise<Answer | undefined>;
  /** The answer, once it is in. */
  answered?: Answer;
}
const early = new Map<string, EarlyGet>();
const EARLY_FOR_MS = 10_000;

export function saveSession(session: Session | null): void {
  early.clear();
  current = session;
}

let onSignedOut: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

function messageOf(body: unknown, status: number): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const m = (body as { message: unknown }).message;
    return Array.isArray(m) ? m.join('; ') : String(m);
  }
  return `HTTP ${status}`;
}

/** A new access token for the refresh cookie, or null when the session has ended. */
async function refreshAccessToken(): Promise<string | null> {
  return oneAtATime(async () => {
    const res = await fetch('/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json', ...csrfHeader() }, body: '{}' });
    if (!res.ok) return null;
    return ((await res.json()) as { accessToken: string }).accessToken;
  });
}

async function refresh(session: Session): Promise<Session | null> {
  const accessToken = await refreshAccessToken();
  if (!accessToken) return null;
  const next = { ...session, accessToken };
  saveSession(next);
  return next;
}

async function sessionFor(accessToken: string): Promise<Session> {
  const meRes = await fetch('/auth/me', { headers: { authorization: `Bearer ${accessToken}` } });
  if (!meRes.ok) throw new ApiError(meRes.status, `HTTP ${meRes.status}`, null);
  return { accessToken, person: (await meRes.json()) as Session['person'] };
}

/** At start-up (a new tab, a reload): the session the refresh cookie still holds, if any. */
export async function restoreSession(): Promise<Session | null> {
  if (!document.cookie.includes('duban_csrf=')) return null;
  const accessToken = await refreshAccessToken().catch(() => null);
  const session = accessToken ? await sessionFor(accessToken).catch(() => null) : null;
  saveSession(session);
  return session;
}

/** Ends this session on the server (the cookies go with it) and forgets the access token. */
export async function signOut(): Promise<void> {
  const session = current;
  saveSession(null);
  await fetch('/auth/sign-out', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...csrfHeader(), ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}) },
    body: '{}',
  }).catch(() => undefined);
}

export interface RequestOptions {
  body?: unknown;
  form?: FormData;
  idempotent?: boolean;
  raw?: boolean;
  /** Called with the answer's headers (e.g. X-Next-Cursor of a page). */
  onHeaders?: (headers: Headers) => void;
}

/** An answer read to the end. */
interface Answer {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
}

async function answerOf(res: Response): Promise<Answer> {
  return { status: res.status, ok: res.ok, headers: res.headers, text: await res.text() };
}

/** Sends these GETs now, so that their answers are on their way while the page's code is still loading. */
export function prefetch(paths: string[]): void {
  const session = loadSession();
  if (!session) return;
  for (const path of paths) {
    if (early.has(path)) continue;
    const entry: EarlyGet = { sentAt: Date.now(), answer: Promise.resolve(undefined) };
    entry.answer = fetch(path, { headers: { authorization: `Bearer ${session.accessToken}` } })
      .then(answerOf)
      .then((answer) => (entry.answered = answer))
      .catch(() => undefined);
    early.set(path, entry);
  }
}

function takeEarly(path: string): Promise<Answer | undefined> | undefined {
  const entry = early.get(path);
  if (!entry) return undefined;
  early.delete(path);
  return Date.now() - entry.sentAt <= EARLY_FOR_MS ? entry.answer : undefined;
}

/**
 * The answer to a GET sent early, if it has already come back, successful: a page can then render with its data
 * straight away instead of rendering empty first. Otherwise undefined (and the page asks with `get` as usual).
 */
export function takeAnswered<T>(path: string): { body: T; headers: Headers } | undefined {
  const entry = early.get(path);
  if (!entry?.answered?.ok || Date.now() - entry.sentAt > EARLY_FOR_MS) return undefined;
  try {
    const body = JSON.parse(entry.answered.text) as T;
    early.delete(path);
    return { body, headers: entry.answered.headers };
  } catch {
    return undefined;
  }
}

/** Calls the API; POSTs carry an Idempotency-Key so a double click or a retry never acts twice. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const send = async (session: Session | null) => {
    const headers: Record<string, string> = {};
    if (session) headers.authorization = `Bearer ${session.accessToken}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (method === 'POST' && options.idempotent !== false) headers['idempotency-key'] = crypto.randomUUID();
    return fetch(path, { method, headers, body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  };
  if (method !== 'GET') early.clear();
  let session = loadSession();
  const sentEarly = method === 'GET' ? takeEarly(path) : undefined;
  let res = (sentEarly && (await sentEarly)) || (await answerOf(await send(session)));
  if (res.status === 401 && session && !path.startsWith('/auth/')) {
    session = await refresh(session);
    if (!session) {
      saveSession(null);
      onSignedOut();
      throw new ApiError(401, 'signed out', null);
    }
    res = await answerOf(await send(session));
  }
  options.onHeaders?.(res.headers);
  if (options.raw) {
    if (!res.ok) throw new ApiError(res.status, `HTTP ${res.status}`, null);
    return res.text as T;
  }
  const text = res.text;
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // plain text answer
  }
  if (!res.ok) throw new ApiError(res.status, messageOf(body, res.status), body);
  return body as T;
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} });
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, { body });

/** One page of a list whose next page's cursor comes in the X-Next-Cursor header (absent on the last page). */
export async function getPage<T>(path: string): Promise<{ rows: T[]; nextCursor: string | null }> {
  let nextCursor: string | null = null;
  const rows = await request<T[]>('GET', path, { onHeaders: (h) => (nextCursor = h.get('x-next-cursor')) });
  return { rows, nextCursor };
}

/** What an API refusal means for the person in front of the form: 400 fix the input, 403 not yours, 409 not now. */
export function refusalKind(err: unknown): 'invalid' | 'forbidden' | 'conflict' | 'notFound' | 'other' {
  if (!(err instanceof ApiError)) return 'other';
  return ({ 400: 'invalid', 403: 'forbidden', 404: 'notFound', 409: 'conflict' } as const)[err.status as 400 | 403 | 404 | 409] ?? 'other';
}

/** Sign-in: the access token (the refresh token comes as a cookie), then who I am. */
export async function signIn(username: string, password: string): Promise<Session> {
  const res = await fetch('/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, cookie: true }),
  });
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) throw new ApiError(res.status, messageOf(body, res.status), body);
  const session = await sessionFor((body as { accessToken: string }).accessToken);
  saveSession(session);
  return session;
}

/** After an administrator's reset: the new password, checked against the policy by the API (400 names the field). */
export async function changePassword(currentPassword: string, newPassword: string): Promise<Session> {
  await request('POST', '/auth/password', { body: { currentPassword, newPassword }, idempotent: false });
  const session = await sessionFor((current as Session).accessToken);
  saveSession(session);
  return session;
}
