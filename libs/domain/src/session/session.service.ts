import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { audit } from '../plan/plan.service';
import type { Person, Role } from '../person/person.entity';

/** A refresh token is opaque: random bytes with this prefix; only its sha256 is stored. */
const REFRESH_PREFIX = 'dbr_';

export interface SessionLimits {
  /** A session unused for this long ends. */
  idleSeconds: number;
  /** A session ends this long after sign-in, however busy. */
  absoluteSeconds: number;
}

export interface SessionRow {
  id: string;
  personId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  address: string | null;
  userAgent: string | null;
}

/** The person behind a live session, read afresh on each request: a change of role, unit or state applies at once. */
export interface SessionHolder {
  sessionId: string;
  person: Pick<Person, 'id' | 'username' | 'role' | 'unitId' | 'mustChangePassword'>;
}

export type RotateResult = { ok: true; sessionId: string; personId: string; refreshToken: string } | { ok: false; reason: 'unknown' | 'reused' | 'ended' };

/** TypeORM answers an UPDATE … RETURNING with [rows, count] (a SELECT or an INSERT with the rows alone). */
async function updateReturning<T>(runner: { query(sql: string, params?: unknown[]): Promise<unknown> }, sql: string, params: unknown[]): Promise<T[]> {
  const result = (await runner.query(sql, params)) as [T[], number];
  return result[0];
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newRefreshToken(): string {
  return `${REFRESH_PREFIX}${randomBytes(32).toString('base64url')}`;
}

const SESSION_COLUMNS = `s.id, s.person_id AS "personId", s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
  s.revoked_at AS "revokedAt", s.revoked_reason AS "revokedReason", s.address, s.user_agent AS "userAgent"`;

/** The "live" test of a session, in SQL so that every API instance applies the same clock (the database's). */
const LIVE = `s.revoked_at IS NULL AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => $2) AND p.disabled_at IS NULL`;

/**
 * Server-side sessions (issue 12). A session is a family of single-use refresh tokens: each refresh spends the token it
 * was given and returns the next; presenting a spent token again means it was copied, and ends the whole session.
 */
export class SessionService {
  constructor(private readonly db: DataSource) {}

  async open(input: {
    personId: string;
    address: string | null;
    userAgent: string | null;
    limits: SessionLimits;
  }): Promise<{ sessionId: string; refreshToken: string }> {
    const refreshToken = newRefreshToken();
    return this.db.transaction(async (tx) => {
      const [session]: { id: string }[] = await tx.query(
        `INSERT INTO auth_session (person_id, expires_at, address, user_agent) VALUES ($1, now() + make_interval(secs => $2), $3, $4) RETURNING id`,
        [input.personId, input.limits.absoluteSeconds, input.address, input.userAgent?.slice(0, 300) ?? null],
      );
      await tx.query(`INSERT INTO refresh_token (session_id, token_hash) VALUES ($1, $2)`, [session.id, hash(refreshToken)]);
      return { sessionId: session.id, refreshToken };
    });
  }

  /** Spends a refresh token for the next one; a spent token ends its session (and says so in the audit trail). */
  async rotate(refreshToken: string, limits: SessionLimits): Promise<RotateResult> {
    const outcome = await this.db.transaction(async (tx): Promise<RotateResult | { reused: string; personId: string }> => {
      // Spending is one UPDATE: two refreshes racing with one token cannot both win.
      const spent = await updateReturning<{ session_id: string }>(
        tx,
        `UPDATE refresh_token SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL RETURNING session_id`,
        [hash(refreshToken)],
      );
      if (spent.length === 0) {
        const [known]: { session_id: string; person_id: string; revoked_at: Date | null }[] = await tx.query(
          `SELECT t.session_id, s.person_id, s.revoked_at FROM refresh_token t JOIN auth_session s ON s.id = t.session_id WHERE t.token_hash = $1`,
          [hash(refreshToken)],
        );
        if (!known) return { ok: false, reason: 'unknown' };
        if (known.revoked_at) return { ok: false, reason: 'ended' };
        return { reused: known.session_id, personId: known.person_id };
      }
      const sessionId = spent[0].session_id;
      const [live] = await updateReturning<{ person_id: string }>(
        tx,
        `UPDATE auth_session s SET last_seen_at = now() FROM person p
          WHERE s.id = $1 AND p.id = s.person_id AND ${LIVE} RETURNING s.person_id`,
        [sessionId, limits.idleSeconds],
      );
      if (!live) return { ok: false, reason: 'ended' };
      const next = newRefreshToken();
      await tx.query(`INSERT INTO refresh_token (session_id, token_hash) VALUES ($1, $2)`, [sessionId, hash(next)]);
      return { ok: true, sessionId, personId: live.person_id, refreshToken: next };
    });
    if ('reused' in outcome) {
      await this.revoke({ sessionId: outcome.reused, reason: 'refresh-token-reused', actor: 'system' });
      return { ok: false, reason: 'reused' };
    }
    return outcome;
  }

  /**
   * The person behind a live session, or null. `touchAfterSeconds` bounds the writes: the last-seen time moves at most
   * that often, which is all the idle timeout needs.
   */
  async holder(sessionId: string, idleSeconds: number, touchAfterSeconds = 30): Promise<SessionHolder | null> {
    const [row]: { id: string; username: string; role: Role; unitId: string | null; mustChangePassword: boolean; stale: boolean }[] = await this.db.query(
      `SELECT p.id, p.username, p.role, p.unit_id AS "unitId", p.must_change_password AS "mustChangePassword",
              s.last_seen_at < now() - make_interval(secs => $3) AS stale
         FROM auth_session s JOIN person p ON p.id = s.person_id WHERE s.id = $1 AND ${LIVE}`,
      [sessionId, idleSeconds, touchAfterSeconds],
    );
    if (!row) return null;
    if (row.stale) await this.db.query(`UPDATE auth_session SET last_seen_at = now() WHERE id = $1`, [sessionId]);
    const { stale: _stale, ...person } = row;
    return { sessionId, person };
  }

  /** The session a refresh token (spent or not) belongs to, for signing out with it. */
  async sessionOfRefreshToken(refreshToken: string): Promise<{ sessionId: string; personId: string } | null> {
    const [row]: { sessionId: string; personId: string }[] = await this.db.query(
      `SELECT t.session_id AS "sessionId", s.person_id AS "personId" FROM refresh_token t JOIN auth_session s ON s.id = t.session_id WHERE t.token_hash = $1`,
      [hash(refreshToken)],
    );
    return row ?? null;
  }

  /** Ends one session; ending an ended session changes nothing. */
  async revoke(input: { sessionId: string; reason: string; actor: string }): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const ended = await updateReturning<{ person_id: string }>(
        tx,
        `UPDATE auth_session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING person_id`,
        [input.sessionId, input.reason],
      );
      if (ended.length === 0) return false;
      await audit(tx, input.actor, 'session.ended', 'auth_session', input.sessionId, null, { personId: ended[0].person_id, reason: input.reason });
      return true;
    });
  }

  /** Ends every session of a person (sign-out everywhere, forced sign-out, disable, password change); returns how many. */
  async revokeAllOf(input: { personId: string; reason: string; actor: string; except?: string }): Promise<number> {
    return this.db.transaction(async (tx) => {
      const ended = await updateReturning<{ id: string }>(
        tx,
        `UPDATE auth_session SET revoked_at = now(), revoked_reason = $2
          WHERE person_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid) RETURNING id`,
        [input.personId, input.reason, input.except ?? null],
      );
      if (ended.length > 0) {
        await audit(
          tx,
          input.actor,
          'session.ended-all',
          'person',
          input.personId,
          { liveSessions: ended.length },
          { liveSessions: input.except ? 1 : 0, reason: input.reason },
        );
      }
      return ended.length;
    });
  }

  /** A person's sessions, newest first (what a security administrator sees before forcing a sign-out). */
  list(personId: string): Promise<SessionRow[]> {
    return this.db.query(`SELECT ${SESSION_COLUMNS} FROM auth_session s WHERE s.person_id = $1 ORDER BY s.created_at DESC LIMIT 100`, [personId]);
  }
}
