import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ForbiddenError } from '../access/forbidden.error';
import { NotFoundError } from '../errors';
import { Person } from '../person/person.entity';
import { audit } from '../plan/plan.service';
import { ApiToken, type ApiTokenScope } from './api-token.entity';

/** Every API token starts with this, so the guard tells it from a JWT without trying to verify it. */
export const API_TOKEN_PREFIX = 'dbn_';

export interface IssuedApiToken {
  id: string;
  name: string;
  personId: string;
  expiresAt: string;
  scopes: ApiTokenScope[];
  /** Shown once, at creation; only its hash is kept. */
  token: string;
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class ApiTokenService {
  constructor(private readonly db: DataSource) {}

  /**
   * Tokens are for services run by the system administrator, so a token acts as a system administrator's account only:
   * a token can never lend its issuer another role's powers (三员分立).
   */
  async issue(input: { personId: string; name: string; expiresInDays: number; scopes: ApiTokenScope[] }, actor: string): Promise<IssuedApiToken> {
    const person = await this.db.getRepository(Person).findOneBy({ id: input.personId });
    if (!person) throw new NotFoundError('person', input.personId);
    if (person.role !== 'system-admin')
      throw new ForbiddenError(`an API token acts as a system administrator's account only; ${person.username} is ${person.role}`);
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
    const scopes = [...new Set(input.scopes)];
    return this.db.transaction(async (tx) => {
      const saved = await tx
        .getRepository(ApiToken)
        .save(tx.getRepository(ApiToken).create({ name: input.name, personId: input.personId, tokenHash: hash(token), createdBy: actor, expiresAt, scopes }));
      await audit(tx, actor, 'api-token.issued', 'api_token', saved.id, null, {
        name: saved.name,
        personId: saved.personId,
        expiresAt: expiresAt.toISOString(),
        scopes,
      });
      return { id: saved.id, name: saved.name, personId: saved.personId, expiresAt: expiresAt.toISOString(), scopes, token };
    });
  }

  /** The person a live token acts as, with the token, or null for an unknown, revoked or expired token. */
  async authenticate(token: string): Promise<{ person: Person; token: ApiToken } | null> {
    const found = await this.db
      .getRepository(ApiToken)
      .createQueryBuilder('t')
      .addSelect('t.tokenHash')
      .where('t.token_hash = :h', { h: hash(token) })
      .getOne();
    if (!found || found.revokedAt || found.expiresAt <= new Date()) return null;
    await this.db.getRepository(ApiToken).update(found.id, { lastUsedAt: new Date() });
    const person = await this.db.getRepository(Person).findOneBy({ id: found.personId });
    return person && !person.disabledAt ? { person, token: found } : null;
  }

  list(): Promise<ApiToken[]> {
    return this.db.getRepository(ApiToken).find({ order: { createdAt: 'ASC' } });
  }

  /** Revoking twice keeps the first revocation. */
  async revoke(id: string, actor: string): Promise<ApiToken> {
    return this.db.transaction(async (tx) => {
      const token = await tx.getRepository(ApiToken).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!token) throw new NotFoundError('API token', id);
      if (token.revokedAt) return token;
      token.revokedAt = new Date();
      await tx.getRepository(ApiToken).update(id, { revokedAt: token.revokedAt });
      await audit(tx, actor, 'api-token.revoked', 'api_token', id, { revokedAt: null }, { revokedAt: token.revokedAt.toISOString() });
      return token;
    });
  }
}
