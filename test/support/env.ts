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

export const ENV_FILE = resolve(__dirname, '../../.data/test-env.json');

export function testEnvironment(): TestEnvironment {
  return JSON.parse(readFileSync(ENV_FILE, 'utf8')) as TestEnvironment;
}

export function logFile(dataDir: string, name: string): string {
  return join(dataDir, `${name}.log`);
}
