// The console's HTTP client: JSON in and out, the bearer token from the session, one refresh on 401.
import type { Session } from './types';

const SESSION_KEY = 'duban.session';

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
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
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
  if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else localStorage.removeItem(SESSION_KEY);
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

async function refresh(session: Session): Promise<Session | null> {
  const res = await fetch('/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: session.refreshToken }),
  });
  if (!res.ok) return null;
  const tokens = (await res.json()) as { accessToken: string; refreshToken: string };
  const next = { ...session, ...tokens };
  saveSession(next);
  return next;
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

/** Sign-in: tokens, then who I am. */
export async function signIn(username: string, password: string): Promise<Session> {
  const res = await fetch('/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) throw new ApiError(res.status, messageOf(body, res.status), body);
  const tokens = body as { accessToken: string; refreshToken: string };
  const meRes = await fetch('/auth/me', { headers: { authorization: `Bearer ${tokens.accessToken}` } });
  const me = (await meRes.json()) as Session['person'];
  const session: Session = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, person: me };
  saveSession(session);
  return session;
}
