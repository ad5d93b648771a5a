import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Where the built console lives (apps/web/dist); WEB_DIST_DIR overrides it for deployments that move it. */
export function webDistDir(): string {
  return process.env.WEB_DIST_DIR || resolve(__dirname, '../../../web/dist');
}

export const CONSOLE_PATH = '/console';

/**
 * Serves the browser console (apps/web) at /console/ so one URL gives both API and console. The console lives under
 * its own prefix because the API already answers /plans, /items, /queue, /inbox and /dashboard, which are also the
 * console's page names. Hashed assets are cached for a year; every other /console/ path gets index.html (client routes).
 */
export function mountWebConsole(app: NestExpressApplication): void {
  const dist = webDistDir();
  const index = join(dist, 'index.html');
  app.useStaticAssets(join(dist, 'assets'), { prefix: `${CONSOLE_PATH}/assets/`, immutable: true, maxAge: '365d', fallthrough: false });
  app.useStaticAssets(dist, { prefix: `${CONSOLE_PATH}/`, index: false, maxAge: 0 });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/') return res.redirect(302, `${CONSOLE_PATH}/`);
    if (req.path !== CONSOLE_PATH && !req.path.startsWith(`${CONSOLE_PATH}/`)) return next();
    if (!existsSync(index))
      return res.status(503).type('text/plain; charset=utf-8').send('The web console is not built: run `npx nx run @duban/web:build` (or `make up`).\n');
    res.setHeader('cache-control', 'no-cache');
    return res.sendFile(index);
  });
}
