import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DemoCredential } from '@duban/domain';

/** What global setup started, shared with the test files through a JSON file. */
export interface TestEnvironment {
  dataDir: string;
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  apiUrl: string;
  jwtSecret: string;
  apiPid: number;
  workerPid: number;
  credentials: DemoCredential[];
  /** The environment the API and worker were started with, to restart them (crash tests). */
  appEnv: Record<string, string>;
}

/**
 * Global setup names a file of its own run in DUBAN_TEST_ENV_FILE (test files and teardown inherit it), so that
 * several runs on one machine never read or delete each other's environment; the shared path is the fallback.
 */
export const ENV_FILE = resolve(__dirname, '../../.data/test-env.json');

/** Read at each call: global setup sets DUBAN_TEST_ENV_FILE after this module was first loaded. */
export function envFile(): string {
  return process.env.DUBAN_TEST_ENV_FILE ?? ENV_FILE;
}

export function testEnvironment(): TestEnvironment {
  return JSON.parse(readFileSync(envFile(), 'utf8')) as TestEnvironment;
}

export function logFile(dataDir: string, name: string): string {
  return join(dataDir, `${name}.log`);
}
