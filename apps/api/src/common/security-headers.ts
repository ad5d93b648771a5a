import type { NextFunction, Request, Response } from 'express';
import helmet, { strictTransportSecurity } from 'helmet';

/**
 * The console's policy: scripts, connections, frames and forms from this origin only, and no page may frame it.
 * `style-src 'unsafe-inline'` stays because Ant Design writes its CSS-in-JS into <style> elements at run time;
 * scripts have no such exception (the Vite build has no inline script).
 */
const CONSOLE_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/**
 * A served document built from records (the bulletin's HTML): sandboxed, so even a script that escaped the escaping
 * could not run or reach the console's origin; only its own inline styles and data: images.
 */
export const DOCUMENT_SANDBOX_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

/**
 * Security headers on every answer (helmet): CSP, nosniff, Referrer-Policy, frame denial, no X-Powered-By. HSTS only on
 * a TLS connection (`req.secure`; behind a proxy that terminates TLS, the proxy sends it), since over plain HTTP a
 * browser ignores it and a local `make up` must stay reachable.
 */
export function securityHeaders(): Array<(req: Request, res: Response, next: NextFunction) => void> {
  const hsts = strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true });
  return [
    helmet({
      contentSecurityPolicy: CONSOLE_POLICY,
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
    }),
    (req, res, next) => (req.secure ? hsts(req, res, next) : next()),
  ];
}
