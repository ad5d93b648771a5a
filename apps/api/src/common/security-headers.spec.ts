import type { AddressInfo } from 'node:net';
import express from 'express';
import { securityHeaders } from './security-headers';

describe('security headers', () => {
  const app = express();
  // Only so this test can present a request as TLS (req.secure) without certificates.
  app.set('trust proxy', true);
  app.use(...securityHeaders());
  app.get('/', (_req, res) => res.send('ok'));
  const server = app.listen(0, '127.0.0.1');
  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  beforeAll(() => new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve()))));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends HSTS on TLS connections only', async () => {
    expect((await fetch(url())).headers.get('strict-transport-security')).toBeNull();
    const tls = await fetch(url(), { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('sends the console policy and drops X-Powered-By', async () => {
    const res = await fetch(url());
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
