import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PlanParseError } from '../plan-parse.error';
import type { ParsedPlan } from '../plan.types';
import type { ChildAnswer, ChildRequest, ParseStage } from './child-messages';

export const DEFAULT_PARSE_TIMEOUT_MS = 20_000;

type PlanParseMessageKey = ConstructorParameters<typeof PlanParseError>[1];

export interface IsolatedParseRequest {
  content: Buffer | string;
  fileName?: string;
  maxBytes?: number;
  /** The child is killed after this long and the caller told what the parser could not finish. */
  timeoutMs?: number;
}

/**
 * The child runs the TypeScript source through @swc-node/register, as the API itself runs; a build that compiled
 * the library to JavaScript runs the .js next to this file instead.
 */
function childEntry(): { file: string; execArgv: string[] } {
  const compiled = join(__dirname, 'parse-child.js');
  if (existsSync(compiled)) return { file: compiled, execArgv: [] };
  return { file: join(__dirname, 'parse-child.ts'), execArgv: ['-r', '@swc-node/register'] };
}

function startChild(): ChildProcess {
  const { file, execArgv } = childEntry();
  // 'advanced' serialisation carries the upload's bytes as bytes (JSON would spell a 5 MB Buffer out as numbers).
  const child = fork(file, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // A spare waiting for work must not keep its parent alive, nor report an error nobody listens to.
  child.unref();
  child.channel?.unref();
  child.on('error', () => undefined);
  return child;
}

/**
 * Start-up of a child (loading swc and the parser) costs about a second, so one is kept ready: each parse takes
 * the spare and starts the next. Every document gets a fresh process, which is killed when it overruns.
 */
let spare: ChildProcess | null = null;

function takeChild(): ChildProcess {
  const ready = spare && spare.exitCode === null && spare.signalCode === null && spare.connected ? spare : startChild();
  spare = startChild();
  return ready;
}

/** Stops the spare child (tests and shutdown); the next parse starts a new one. */
export function stopParserProcesses(): void {
  spare?.kill('SIGKILL');
  spare = null;
}

/**
 * Parses a document in a child process, so that however long a document takes it never holds the caller's event
 * loop (the API keeps answering), and a time limit can stop it for certain. Over the limit, or if the child dies,
 * a PlanParseError says which stage the parser was in; a refusal inside the child arrives as the same
 * PlanParseError an in-process parse would throw.
 */
export function parsePlanInChild(request: IsolatedParseRequest): Promise<ParsedPlan> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
  const child = takeChild();
  child.ref();
  child.channel?.ref();
  return new Promise<ParsedPlan>((resolve, reject) => {
    let stage: ParseStage | 'start' = 'start';
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.removeAllListeners('message');
      child.removeAllListeners('exit');
      child.kill('SIGKILL');
      outcome();
    };
    const timer = setTimeout(
      () => finish(() => reject(new PlanParseError('timeout', 'timeout', { seconds: Math.round(timeoutMs / 100) / 10, stage }))),
      timeoutMs,
    );
    child.on('message', (answer: ChildAnswer) => {
      if (answer.kind === 'stage') stage = answer.stage;
      else if (answer.kind === 'plan') finish(() => resolve(answer.plan));
      else if (answer.kind === 'refused') finish(() => reject(new PlanParseError(answer.code, answer.messageKey as PlanParseMessageKey, answer.params)));
      else finish(() => reject(new Error(`plan parser failed: ${answer.message}`)));
    });
    child.on('exit', (code, signal) =>
      finish(() => reject(new PlanParseError('parser-stopped', 'parser-stopped', { stage, reason: signal ?? `exit code ${String(code)}` }))),
    );
    const message: ChildRequest = { content: request.content, fileName: request.fileName, maxBytes: request.maxBytes };
    child.send(message, (err) => {
      if (err) finish(() => reject(new PlanParseError('parser-stopped', 'parser-stopped', { stage, reason: err.message })));
    });
  });
}
