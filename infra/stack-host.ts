/**
 * Runs one stack (infra/src/stack.ts) as a process of its own, in a process group of its own: `make up` and the
 * cluster test suite drive it, so a Ctrl-C in the terminal reaches only them, never PostgreSQL or Temporal
 * directly, and the stack stops in order (API instances and workers, then nginx, Temporal, PostgreSQL).
 *
 * Usage: stack-host '<StackOptions as JSON>'. Service lines go to stderr. On stdout, one JSON line when ready
 * ({ ready: true, url, … }), then one answer per command read on stdin, a JSON line each:
 * { command: 'kill', app, signal? } | { command: 'start', app } | { command: 'restart-temporal' } | { command: 'stop' }
 * → { done: command, … } or { failed: command, error }; and { exited: app, code } when an app ends unasked.
 */
import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { launchStack, type RunningStack, type StackOptions } from './src/stack';

const answer = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as StackOptions;
  const stack: RunningStack = await launchStack({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
  stack.onUnexpectedExit = (app, code) => answer({ exited: app.name, code });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stack.stop().then(() => process.exit(0)));
  const commands: Record<string, (message: Record<string, string>) => Promise<object | void>> = {
    kill: (message) => stack.killApp(message.app, (message.signal as NodeJS.Signals) || 'SIGKILL'),
    start: async (message) => {
      await stack.startApp(message.app);
      return { pid: stack.apps.find((a) => a.name === message.app)?.child?.pid };
    },
    'restart-temporal': () => stack.restartTemporal(),
    stop: async () => {
      answer({ done: 'stop' });
      await stop();
    },
  };
  // Whoever drove this host is gone without saying stop: stop in order, never leave servers behind.
  process.stdin.once('end', () => void stop());
  createInterface({ input: process.stdin }).on('line', (line) => {
    let message: Record<string, string>;
    try {
      message = JSON.parse(line) as Record<string, string>;
    } catch {
      return answer({ failed: line, error: 'not JSON' });
    }
    const run = commands[message.command];
    if (!run) return answer({ failed: message.command, error: 'unknown command' });
    run(message).then(
      (extra) => message.command !== 'stop' && answer({ done: message.command, ...(extra ?? {}) }),
      (err: unknown) => answer({ failed: message.command, error: String(err) }),
    );
  });
  answer({
    ready: true,
    profile: stack.profile,
    url: stack.url,
    dataDir: stack.dataDir,
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporalAddress,
    temporalCliFlags: stack.temporalCliFlags,
    tls: stack.tls,
    temporalMetricsUrl: stack.temporalMetricsUrl,
    credentials: stack.credentials,
    appEnv: stack.appEnv,
    apps: stack.apps.map((app) => ({ name: app.name, kind: app.kind, port: app.port, logFile: app.logFile, pid: app.child?.pid })),
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`stack: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
