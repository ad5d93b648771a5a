import { randomInt } from 'node:crypto';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';
import { composedPlan, overdueQuarterStart } from '../e2e/web/plan-document';
import { startExtraApi } from './support/extra-api';

/** The CSP directives of a header value, by name. */
function directives(policy: string | null): Map<string, string[]> {
  return new Map(
    (policy ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0] !== '')
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
}

/** Issue 12 (headers): what every answer carries, the console's CSP, the bulletin's sandbox, /docs by setting. */
describe('security headers', () => {
  const base = () => testEnvironment().apiUrl;

  it('serves the console with a strict CSP, frame denial, nosniff, a referrer policy and no X-Powered-By', async () => {
    const res = await fetch(`${base()}/console/`);
    expect(res.status).toBe(200);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
    // Over plain HTTP a browser ignores HSTS; it is sent on TLS connections only.
    expect(res.headers.get('strict-transport-security')).toBeNull();
    // The built console has no inline script the policy would block.
    expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  });

  it.each(['/health', '/auth/me', '/plans', '/no-such-route'])('sends the headers on API answers too (%s)', async (path) => {
    const res = await fetch(`${base()}${path}`);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(directives(res.headers.get('content-security-policy')).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('serves the bulletin HTML sandboxed: no script, no origin', async () => {
    const token = await signIn('supervisor');
    const { fileName, content } = composedPlan(String(10000 + randomInt(89999)));
    const imported = await api('POST', '/plans/import', { token, body: { fileName, content } });
    expect(imported.status).toBe(201);
    const planId = imported.body.planId as string;
    expect((await api('POST', `/plans/${planId}/activate`, { token, body: { startOn: overdueQuarterStart() } })).status).toBe(200);
    const items = await api<Array<{ id: string; code: string }>>('GET', `/plans/${planId}/items`, { token });
    const state = await eventually('T01 to open its period', async () => {
      const res = await api('GET', `/items/${items.body[0].id}/state`, { token });
      return res.body?.periodKey ? res.body : undefined;
    });
    const res = await fetch(`${base()}/bulletins/plans/${planId}/periods/${state.periodKey}?format=html`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.has('sandbox')).toBe(true);
    expect(csp.get('sandbox')).toEqual([]);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.has('script-src')).toBe(false);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('publishes /docs by the API_DOCS setting, off by default when NODE_ENV=production', async () => {
    // The test stack is not production: the document is there.
    expect((await fetch(`${base()}/docs/openapi.json`)).status).toBe(200);
    const production = await startExtraApi('production', { NODE_ENV: 'production', API_DOCS: '' });
    try {
      expect((await fetch(`${production.url}/docs/openapi.json`)).status).toBe(404);
      expect((await fetch(`${production.url}/docs`)).status).toBe(404);
      expect((await fetch(`${production.url}/health`)).status).toBe(200);
    } finally {
      await production.stop();
    }
    const opted = await startExtraApi('production-docs', { NODE_ENV: 'production', API_DOCS: 'true' });
    try {
      expect((await fetch(`${opted.url}/docs/openapi.json`)).status).toBe(200);
    } finally {
      await opted.stop();
    }
  }, 240_000);
});
