import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is behind the request being served: the client address and, for a machine client, its API token. */
export interface AuditOrigin {
  address: string | null;
  tokenId: string | null;
}

const origins = new AsyncLocalStorage<AuditOrigin>();

/**
 * Runs `work` with an origin every audit row written inside it records. The API opens one per request; the guard fills
 * in the token once it knows it (the object is shared, so later code sees the change).
 */
export function withAuditOrigin<T>(origin: AuditOrigin, work: () => T): T {
  return origins.run(origin, work);
}

export function currentAuditOrigin(): AuditOrigin | undefined {
  return origins.getStore();
}
