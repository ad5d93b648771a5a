import { DataSource } from 'typeorm';
import { IdempotencyRecord } from './idempotency-record.entity';

export interface IdempotentRequest {
  scope: string;
  method: string;
  path: string;
  key: string;
  requestHash: string;
}

export type IdempotencyDecision =
  | { kind: 'execute'; recordId: string }
  | { kind: 'replay'; statusCode: number; response: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

/** A request left in progress this long belonged to a process that died; the next retry takes it over. */
export const ABANDONED_AFTER_SECONDS = 300;

/**
 * Idempotency-Key bookkeeping. The unique index on (scope, method, path, key) decides which of two concurrent
 * duplicates executes: the one whose insert lands.
 */
export class IdempotencyService {
  constructor(
    private readonly db: DataSource,
    private readonly abandonedAfterSeconds = ABANDONED_AFTER_SECONDS,
  ) {}

  async begin(request: IdempotentRequest): Promise<IdempotencyDecision> {
    const inserted = await this.db
      .createQueryBuilder()
      .insert()
      .into(IdempotencyRecord)
      .values({ ...request, state: 'in-progress' })
      .orIgnore()
      .returning(['id'])
      .execute();
    const raw = inserted.raw as Array<{ id: string }>;
    if (raw.length > 0) return { kind: 'execute', recordId: raw[0].id };

    const existing = await this.db
      .getRepository(IdempotencyRecord)
      .findOneBy({ scope: request.scope, method: request.method, path: request.path, key: request.key });
    if (!existing) return this.begin(request); // completed-with-error records are deleted; try again
    if (existing.requestHash !== request.requestHash) return { kind: 'mismatch' };
    if (existing.state === 'done') return { kind: 'replay', statusCode: existing.statusCode ?? 200, response: existing.response };
    const takenOver: Array<{ id: string }> = await this.db
      .query(
        `UPDATE idempotency_record SET created_at = now() WHERE id = $1 AND state = 'in-progress' AND created_at < now() - make_interval(secs => $2) RETURNING id`,
        [existing.id, this.abandonedAfterSeconds],
      )
      .then((r: [Array<{ id: string }>, number]) => r[0]);
    if (takenOver.length > 0) return { kind: 'execute', recordId: existing.id };
    return { kind: 'in-progress' };
  }

  async complete(recordId: string, statusCode: number, response: unknown): Promise<void> {
    await this.db
      .getRepository(IdempotencyRecord)
      .update(recordId, { state: 'done', statusCode, response: response ?? null, completedAt: new Date() } as never);
  }

  /** Forgets answers older than the retention window (a client retries within minutes, not days). */
  async purgeOlderThan(hours: number): Promise<number> {
    const result = await this.db
      .createQueryBuilder()
      .delete()
      .from(IdempotencyRecord)
      .where("created_at < now() - make_interval(hours => :hours) AND state = 'done'", { hours })
      .execute();
    return result.affected ?? 0;
  }

  /** A failed request changed nothing, so its key is freed: a retry executes again. */
  async abandon(recordId: string): Promise<void> {
    await this.db.getRepository(IdempotencyRecord).delete({ id: recordId, state: 'in-progress' });
  }
}
