import { DataSource } from 'typeorm';
import { audit } from '../plan/plan.service';

export interface ThrottleRule {
  /** Failures within the window that lock the key. */
  failures: number;
  windowSeconds: number;
  lockSeconds: number;
}

/**
 * Failed sign-ins counted per key (an account name, a client address) in PostgreSQL, so that every API instance behind
 * a balancer shares one count. Unknown account names are counted like known ones: the lockout tells nobody who exists.
 */
export class SignInThrottleService {
  constructor(private readonly db: DataSource) {}

  /** The latest time until which any of these keys is locked, or null. */
  async lockedUntil(keys: string[]): Promise<Date | null> {
    const [row]: { until: Date | null }[] = await this.db.query(
      `SELECT max(locked_until) AS until FROM sign_in_throttle WHERE key = ANY($1) AND locked_until > now()`,
      [keys],
    );
    return row?.until ?? null;
  }

  /** Counts a failure; returns the lock's end when this failure locked the key. */
  async fail(key: string, rule: ThrottleRule): Promise<Date | null> {
    // One statement, so concurrent failures on several API instances count exactly: a fresh window restarts the count,
    // and the failure that reaches the limit locks the key and starts the count again.
    const fresh = `t.window_started_at < now() - make_interval(secs => $2)`;
    const counted = `(CASE WHEN ${fresh} THEN 1 ELSE t.failures + 1 END)`;
    const [row]: { locked_now: boolean; locked_until: Date | null }[] = await this.db.query(
      `INSERT INTO sign_in_throttle AS t (key, failures, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN ${counted} >= $3 THEN 0 ELSE ${counted} END,
         window_started_at = CASE WHEN ${fresh} OR ${counted} >= $3 THEN now() ELSE t.window_started_at END,
         locked_until = CASE WHEN ${counted} >= $3 THEN now() + make_interval(secs => $4) ELSE t.locked_until END
       RETURNING t.locked_until, coalesce(t.locked_until = now() + make_interval(secs => $4), false) AS locked_now`,
      [key, rule.windowSeconds, rule.failures, rule.lockSeconds],
    );
    return row?.locked_now ? row.locked_until : null;
  }

  /** A successful sign-in clears its account's count (never an address's: one right password must not reset a spray). */
  async clear(key: string): Promise<void> {
    await this.db.query(`DELETE FROM sign_in_throttle WHERE key = $1`, [key]);
  }

  /** Puts a sign-in event (a failure, a lockout, a success) in the audit trail; the request's address comes with it. */
  async record(input: {
    action: 'sign-in.succeeded' | 'sign-in.failed' | 'sign-in.locked';
    actor: string;
    subject: string;
    details: Record<string, unknown>;
  }): Promise<void> {
    await this.db.transaction((tx) => audit(tx, input.actor, input.action, 'sign-in', input.subject, null, input.details));
  }
}
