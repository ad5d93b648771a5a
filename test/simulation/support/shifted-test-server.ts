import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * Provisions the stock test server (infra/tools/temporal-test-server.sh), compiles ShiftedTestServer against its
 * jars, and writes a wrapper that @temporalio/testing can start as an 'existing-path' executable.
 * Returns the wrapper's path; the server's clock starts at `startMs`.
 */
export function shiftedTestServer(startMs: number): string {
  const out = execFileSync('bash', [join(REPO_ROOT, 'infra/tools/temporal-test-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const stockWrapper = out.trim().split('\n').pop() as string;
  const wrapperText = execFileSync('cat', [stockWrapper], { encoding: 'utf8' });
  const libMatch = /-cp "([^"]+\/lib)\/\*"/.exec(wrapperText);
  const javaMatch = /exec "([^"]+)"/.exec(wrapperText);
  if (!libMatch || !javaMatch) throw new Error(`cannot read the jar folder from ${stockWrapper}`);
  const [lib, java] = [libMatch[1], javaMatch[1]];
  const dir = mkdtempSync(join(tmpdir(), 'duban-shifted-test-server-'));
  const javac = join(dirname(java), 'javac');
  execFileSync(javac, ['-nowarn', '-cp', `${lib}/*`, '-d', dir, join(__dirname, 'ShiftedTestServer.java')], { stdio: 'inherit' });
  const wrapper = join(dir, 'temporal-test-server');
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexport TEMPORAL_TEST_SERVER_START_MS=${startMs}\nexec "${java}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "${lib}/*:${dir}" ShiftedTestServer "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  return wrapper;
}
