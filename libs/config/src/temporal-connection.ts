import { readFileSync } from 'node:fs';
import type { TemporalConfig } from './config';

/** What both `Connection.connect` (client) and `NativeConnection.connect` (worker) take to reach the frontend. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

/**
 * The connection options of the settings: plain, TLS with the system's CAs or TEMPORAL_TLS_CA, mTLS with
 * TEMPORAL_TLS_CERT/KEY, and Temporal Cloud's API key. Certificate files are read here, at connect time, so a
 * rotated certificate is picked up by the next connection.
 */
export function temporalConnectionOptions(temporal: Pick<TemporalConfig, 'address' | 'tls' | 'apiKey'>): TemporalConnectionOptions {
  const { address, tls, apiKey } = temporal;
  if (!tls) return { address };
  const read = (setting: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`${setting}=${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  };
  return {
    address,
    tls: {
      ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
      ...(tls.caFile ? { serverRootCACertificate: read('TEMPORAL_TLS_CA', tls.caFile) } : {}),
      ...(tls.certFile && tls.keyFile ? { clientCertPair: { crt: read('TEMPORAL_TLS_CERT', tls.certFile), key: read('TEMPORAL_TLS_KEY', tls.keyFile) } } : {}),
    },
    ...(apiKey ? { apiKey } : {}),
  };
}

/** What `Worker.create({ workerDeploymentOptions })` takes. */
export interface TemporalWorkerDeploymentOptions {
  version: { deploymentName: string; buildId: string };
  useWorkerVersioning: true;
  defaultVersioningBehavior: 'PINNED';
}

/**
 * Worker versioning: a worker of a deployment version takes only the workflows of its build. PINNED: a run started on
 * a build finishes on it, so a release whose workflow code changes incompatibly never replays an old history; the
 * old release's workers stay until their runs have ended or continued as new (docs/deploy.md).
 */
export function temporalWorkerDeployment(temporal: Pick<TemporalConfig, 'deployment'>): TemporalWorkerDeploymentOptions | undefined {
  if (!temporal.deployment) return undefined;
  return {
    version: { deploymentName: temporal.deployment.name, buildId: temporal.deployment.buildId },
    useWorkerVersioning: true,
    defaultVersioningBehavior: 'PINNED',
  };
}
