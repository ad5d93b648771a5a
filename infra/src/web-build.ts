import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const WEB = join(ROOT, 'apps/web');
const DIST = join(WEB, 'dist');
const INPUTS = ['src', 'index.html', 'vite.config.mjs', 'package.json', 'tsconfig.json'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

/** True when apps/web/dist is missing or older than any of the console's sources. */
export function webConsoleIsStale(): boolean {
  const built = join(DIST, 'index.html');
  if (!existsSync(built)) return true;
  return INPUTS.some((input) => newest(join(WEB, input)) > statSync(built).mtimeMs);
}

/**
 * Builds the web console (vite build → apps/web/dist) when it is missing or stale, so the API can serve it at
 * /console/. Builds into a fresh folder and swaps it in, so an API already serving the old build never sees half a one.
 * Returns whether a new build is in place.
 */
export function ensureWebConsoleBuilt(log: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): boolean {
  if (!webConsoleIsStale()) return false;
  const started = Date.now();
  log('building the web console (apps/web → apps/web/dist)…');
  const out = join(WEB, `dist.build-${process.pid}`);
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: WEB,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    rmSync(DIST, { recursive: true, force: true });
    renameSync(out, DIST);
  } catch (err) {
    // A console that does not build must not stop the API and the other suites: /console/ then says it is not built.
    log(
      `web console build FAILED (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); serving ${existsSync(DIST) ? 'the previous build' : 'no console'}`,
    );
    return false;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  log(`web console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
