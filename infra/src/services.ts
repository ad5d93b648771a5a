import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres } from './postgres';
import { startTemporalDevServer } from './temporal';

export interface ServiceOptions {
  /** Folder that holds this environment's data (.data/dev for `make up`, a temp folder for tests). */
  dataDir: string;
  pgPort: number;
  temporalPort: number;
  /** Use DATABASE_URL instead of starting the embedded PostgreSQL. */
  databaseUrl?: string;
  /** Use TEMPORAL_ADDRESS instead of starting the dev server. */
  temporalAddress?: string;
  fast?: boolean;
  log?: (line: string) => void;
}

export interface RunningServices {
  databaseUrl: string;
  temporalAddress: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL and Temporal for one data folder. A lock file keeps a second start on the same
 * folder from corrupting it; a lock left by a process that died is taken over.
 */
export async function startServices(options: ServiceOptions): Promise<RunningServices> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  mkdirSync(options.dataDir, { recursive: true });
  const releaseLock = takeLock(options.dataDir);
  const stops: Array<() => Promise<void>> = [];
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres(join(options.dataDir, 'postgres'), options.pgPort, log);
      stops.push(pg.stop);
      databaseUrl = pg.databaseUrl;
    }
    let temporalAddress = options.temporalAddress;
    if (!temporalAddress) {
      const temporal = await startTemporalDevServer(join(options.dataDir, 'temporal'), options.temporalPort, { fast: options.fast });
      stops.push(temporal.stop);
      temporalAddress = temporal.address;
    }
    const stop = async () => {
      for (const s of stops.reverse()) await s().catch((err) => log(`stop: ${String(err)}`));
      releaseLock();
    };
    return { databaseUrl, temporalAddress, stop };
  } catch (err) {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    releaseLock();
    throw err;
  }
}

/** Takes the data folder's lock (a second start on the same folder refuses); returns its release. */
export function takeLock(dataDir: string): () => void {
  const lockFile = join(dataDir, 'duban.lock');
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`Duban is already running on ${dataDir} (process ${pid}). Stop it first (Ctrl-C in its terminal) or use another DUBAN_DATA_DIR.`);
    }
  }
  writeFileSync(lockFile, String(process.pid));
  const release = () => rmSync(lockFile, { force: true });
  process.once('exit', release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
