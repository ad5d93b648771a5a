import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { testEnvironment } from '../support/env';
import { signIn } from '../support/http';
import { consoleUrl, launchChromium, passwordOf } from '../e2e/web/browser';
import { call, newPerson, signInAs, startApiInstance, stopApiInstances, type ApiInstance } from './support/auth-instances';

/**
 * Issue 12, sessions: refresh tokens rotate and a reused one ends its whole session; sign-out, sign-out everywhere,
 * disable and forced sign-out end sessions at the next request; a change of role takes effect at the next request;
 * idle timeout and absolute lifetime; the console's cookie and CSRF header; an administrator's reset forces a new
 * password, checked against the policy.
 */
describe('sessions', () => {
  const api = () => testEnvironment().apiUrl;
  const tag = randomUUID().slice(0, 6);
  let secadmin: string;

  beforeAll(async () => {
    secadmin = await signIn('secadmin');
  });

  it('rotates refresh tokens, and a reused refresh token ends the whole session', async () => {
    const person = await newPerson(api(), secadmin, { username: `rot-${tag}`, role: 'leader' });
    const first = await signInAs(api(), person.username, person.password);
    expect(first.refreshToken).toMatch(/^dbr_/);
    const second = await call(api(), 'POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(second).toMatchObject({ status: 200 });
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await call(api(), 'GET', '/auth/me', { token: second.body.accessToken })).status).toBe(200);

    // The first token again: someone copied it. The session ends: its newest refresh token and access tokens too.
    const reused = await call(api(), 'POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reused.status).toBe(401);
    expect(reused.body.message).toContain('used before');
    expect((await call(api(), 'POST', '/auth/refresh', { body: { refreshToken: second.body.refreshToken } })).status).toBe(401);
    expect((await call(api(), 'GET', '/auth/me', { token: second.body.accessToken })).status).toBe(401);
    expect((await call(api(), 'GET', '/auth/me', { token: first.accessToken })).status).toBe(401);
    // Another session of the same person is not touched.
    const other = await signInAs(api(), person.username, person.password);
    expect((await call(api(), 'GET', '/auth/me', { token: other.accessToken })).status).toBe(200);
  });

  it('signs out one session, or every session of the person', async () => {
    const person = await newPerson(api(), secadmin, { username: `out-${tag}`, role: 'leader' });
    const a = await signInAs(api(), person.username, person.password);
    const b = await signInAs(api(), person.username, person.password);
    const c = await signInAs(api(), person.username, person.password);
    expect((await call(api(), 'POST', '/auth/sign-out', { token: a.accessToken, body: {} })).body).toEqual({ ended: 1 });
    expect((await call(api(), 'GET', '/auth/me', { token: a.accessToken })).status).toBe(401);
    expect((await call(api(), 'POST', '/auth/refresh', { body: { refreshToken: a.refreshToken } })).status).toBe(401);
    expect((await call(api(), 'GET', '/auth/me', { token: b.accessToken })).status).toBe(200);

    const everywhere = await call(api(), 'POST', '/auth/sign-out-everywhere', { token: b.accessToken });
    expect(everywhere.body).toEqual({ ended: 2 });
    for (const session of [b, c]) {
      expect((await call(api(), 'GET', '/auth/me', { token: session.accessToken })).status).toBe(401);
      expect((await call(api(), 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    }
    // Signing out with a refresh token, for a client that holds no access token.
    const d = await signInAs(api(), person.username, person.password);
    expect((await call(api(), 'POST', '/auth/sign-out', { body: { refreshToken: d.refreshToken } })).body).toEqual({ ended: 1 });
    expect((await call(api(), 'GET', '/auth/me', { token: d.accessToken })).status).toBe(401);
    expect((await call(api(), 'POST', '/auth/sign-out', { body: {} })).status).toBe(401);
  });

  it('lets the security administrator disable, enable and sign a person out, effective at the next request', async () => {
    const person = await newPerson(api(), secadmin, { username: `dis-${tag}`, role: 'leader' });
    const session = await signInAs(api(), person.username, person.password);
    expect((await call(api(), 'GET', '/auth/me', { token: session.accessToken })).status).toBe(200);
    const listed = await call(api(), 'GET', `/admin/people/${person.id}/sessions`, { token: secadmin });
    expect(listed.body).toEqual([expect.objectContaining({ personId: person.id, revokedAt: null, address: expect.any(String) })]);

    const disabled = await call(api(), 'POST', `/admin/people/${person.id}/disable`, { token: secadmin });
    expect(disabled.body).toMatchObject({ id: person.id, disabledAt: expect.any(String) });
    expect((await call(api(), 'GET', '/auth/me', { token: session.accessToken })).status).toBe(401);
    expect((await call(api(), 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    const refused = await call(api(), 'POST', '/auth/sign-in', { body: { username: person.username, password: person.password } });
    expect(refused.status).toBe(403);

    expect((await call(api(), 'POST', `/admin/people/${person.id}/enable`, { token: secadmin })).body).toMatchObject({ disabledAt: null });
    const again = await signInAs(api(), person.username, person.password);
    expect((await call(api(), 'GET', '/auth/me', { token: again.accessToken })).status).toBe(200);

    const forced = await call(api(), 'POST', `/admin/people/${person.id}/sign-out`, { token: secadmin });
    expect(forced.body).toEqual({ ended: 1 });
    expect((await call(api(), 'GET', '/auth/me', { token: again.accessToken })).status).toBe(401);
    expect((await call(api(), 'POST', '/auth/refresh', { body: { refreshToken: again.refreshToken } })).status).toBe(401);
  });

  it('applies a change of role or unit at the next request, not at token expiry', async () => {
    const person = await newPerson(api(), secadmin, { username: `demo-${tag}`, role: 'supervisor' });
    const session = await signInAs(api(), person.username, person.password);
    expect((await call(api(), 'GET', '/queue', { token: session.accessToken })).status).toBe(200);
    const demoted = await call(api(), 'PATCH', `/admin/people/${person.id}`, { token: secadmin, body: { role: 'reporter' } });
    expect(demoted.body).toMatchObject({ role: 'reporter' });
    // The same access token, a moment later: the demoted supervisor cannot work the queue any more.
    expect((await call(api(), 'GET', '/queue', { token: session.accessToken })).status).toBe(403);
    expect((await call(api(), 'GET', '/auth/me', { token: session.accessToken })).body).toMatchObject({ role: 'reporter' });
  });

  it('makes a person whose password was reset choose a new one that meets the policy before anything else', async () => {
    const person = await newPerson(api(), secadmin, { username: `reset-${tag}`, role: 'supervisor' });
    const before = await signInAs(api(), person.username, person.password);
    const reset = await call(api(), 'POST', `/admin/people/${person.id}/password-reset`, { token: secadmin });
    expect(reset.body).toEqual({ temporaryPassword: expect.any(String), mustChangePassword: true });
    // The reset ends the sessions and the old password.
    expect((await call(api(), 'GET', '/auth/me', { token: before.accessToken })).status).toBe(401);
    expect((await call(api(), 'POST', '/auth/sign-in', { body: { username: person.username, password: person.password } })).status).toBe(401);

    const temporary = await signInAs(api(), person.username, reset.body.temporaryPassword);
    expect((await call(api(), 'GET', '/auth/me', { token: temporary.accessToken })).body).toMatchObject({ mustChangePassword: true });
    const blocked = await call(api(), 'GET', '/queue', { token: temporary.accessToken });
    expect(blocked.status).toBe(403);
    expect(blocked.body.reason).toBe('password-change-required');

    const change = (newPassword: string, currentPassword = reset.body.temporaryPassword as string) =>
      call(api(), 'POST', '/auth/password', { token: temporary.accessToken, body: { currentPassword, newPassword } });
    // PASSWORD_MIN_LENGTH 12 and PASSWORD_MIN_CLASSES 3 (the defaults).
    expect(await change('Short1!')).toMatchObject({ status: 400, body: { field: 'newPassword', message: expect.stringContaining('12') } });
    expect(await change('alllowercaseletters')).toMatchObject({ status: 400, body: { field: 'newPassword' } });
    expect(await change(reset.body.temporaryPassword)).toMatchObject({ status: 400, body: { field: 'newPassword' } });
    expect(await change('Correct-Horse-9', 'not-the-password')).toMatchObject({ status: 400, body: { field: 'currentPassword' } });
    expect(await change('Correct-Horse-9')).toMatchObject({ status: 200, body: { changed: true } });
    expect((await call(api(), 'GET', '/queue', { token: temporary.accessToken })).status).toBe(200);
    expect((await call(api(), 'POST', '/auth/sign-in', { body: { username: person.username, password: reset.body.temporaryPassword } })).status).toBe(401);
    await signInAs(api(), person.username, 'Correct-Horse-9');
  });

  it('keeps the console refresh token in an HttpOnly, Secure, SameSite=Strict cookie that needs the CSRF header', async () => {
    const person = await newPerson(api(), secadmin, { username: `cookie-${tag}`, role: 'leader' });
    const signedIn = await call(api(), 'POST', '/auth/sign-in', { body: { username: person.username, password: person.password, cookie: true } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.refreshToken).toBeUndefined();
    const cookies = signedIn.headers.getSetCookie();
    const refresh = cookies.find((c) => c.startsWith('duban_refresh=')) as string;
    const csrf = cookies.find((c) => c.startsWith('duban_csrf=')) as string;
    expect(refresh).toMatch(/; HttpOnly/);
    expect(refresh).toMatch(/; Secure/);
    expect(refresh).toMatch(/; SameSite=Strict/);
    expect(refresh).toMatch(/; Path=\/auth/);
    expect(csrf).not.toMatch(/HttpOnly/);
    const jar = (list: string[]) => list.map((c) => c.split(';')[0]).join('; ');
    const csrfValue = csrf.split(';')[0].split('=')[1];

    // A page of another origin can send the cookie (were SameSite not honoured) but cannot read the CSRF cookie.
    expect((await call(api(), 'POST', '/auth/refresh', { body: {}, headers: { cookie: jar(cookies) } })).status).toBe(403);
    expect((await call(api(), 'POST', '/auth/refresh', { body: {}, headers: { cookie: jar(cookies), 'x-csrf-token': 'guess' } })).status).toBe(403);
    const refreshed = await call(api(), 'POST', '/auth/refresh', { body: {}, headers: { cookie: jar(cookies), 'x-csrf-token': csrfValue } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
    const next = refreshed.headers.getSetCookie();
    expect(next.find((c) => c.startsWith('duban_refresh='))).not.toBe(refresh);

    const nextCsrf = (next.find((c) => c.startsWith('duban_csrf=')) as string).split(';')[0].split('=')[1];
    const out = await call(api(), 'POST', '/auth/sign-out', { body: {}, headers: { cookie: jar(next), 'x-csrf-token': nextCsrf } });
    expect(out.body).toEqual({ ended: 1 });
    expect(out.headers.getSetCookie().some((c) => c.startsWith('duban_refresh=;'))).toBe(true);
    expect((await call(api(), 'GET', '/auth/me', { token: refreshed.body.accessToken })).status).toBe(401);
  });

  describe('with short limits (SESSION_IDLE_SECONDS=6, SESSION_ABSOLUTE_SECONDS=12)', () => {
    let short: ApiInstance | undefined;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // A session of its own on this instance: the suites' shared token has been idle longer than 6 s.
    const signInHere = async (url: string) => (await signInAs(url, 'secadmin', passwordOf('secadmin'))).accessToken;

    beforeAll(async () => {
      short = await startApiInstance('api-short-sessions', { SESSION_IDLE_SECONDS: '6', SESSION_ABSOLUTE_SECONDS: '12' });
    }, 120_000);

    afterAll(async () => {
      await stopApiInstances(short);
    });

    it('ends a session left idle for longer than the idle timeout', async () => {
      const url = (short as ApiInstance).url;
      const person = await newPerson(url, await signInHere(url), { username: `idle-${tag}`, role: 'leader' });
      const busy = await signInAs(url, person.username, person.password);
      const idle = await signInAs(url, person.username, person.password);
      const started = Date.now();
      while (Date.now() - started < 7000) {
        await sleep(1000);
        expect((await call(url, 'GET', '/auth/me', { token: busy.accessToken })).status).toBe(200);
      }
      expect((await call(url, 'GET', '/auth/me', { token: idle.accessToken })).status).toBe(401);
      expect((await call(url, 'POST', '/auth/refresh', { body: { refreshToken: idle.refreshToken } })).status).toBe(401);
    });

    it('ends even a busy session at its absolute lifetime', async () => {
      const url = (short as ApiInstance).url;
      const person = await newPerson(url, await signInHere(url), { username: `abs-${tag}`, role: 'leader' });
      const session = await signInAs(url, person.username, person.password);
      let refreshToken = session.refreshToken;
      const statuses: number[] = [];
      const started = Date.now();
      while (Date.now() - started < 15_000) {
        await sleep(1000);
        const res = await call(url, 'POST', '/auth/refresh', { body: { refreshToken } });
        statuses.push(res.status);
        if (res.status !== 200) break;
        refreshToken = res.body.refreshToken;
      }
      expect(statuses.slice(0, 5)).toEqual(Array(5).fill(200));
      expect(statuses.at(-1)).toBe(401);
      expect(Date.now() - started).toBeGreaterThanOrEqual(11_000);
    });
  });

  describe('in the console', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('keeps no token where page scripts can read it, and a reload keeps the person signed in', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(consoleUrl('/sign-in'));
      await page.locator('#username').fill('leader');
      await page.locator('#password').fill(passwordOf('leader'));
      await page.locator('button[type="submit"]').click();
      await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
      // Run in the page: the test's tsconfig has no DOM types, hence the string.
      const stored = await page.evaluate<string>('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })');
      expect(stored).not.toMatch(/eyJ|dbr_/); // neither a JWT nor a refresh token
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name === 'duban_refresh')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });

      await page.reload();
      await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
      expect(new URL(page.url()).pathname).not.toMatch(/sign-in$/);
      await context.close();
    });
  });
});
