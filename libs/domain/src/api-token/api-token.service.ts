import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../errors';
import { Person } from '../person/person.entity';
import { audit } from '../plan/plan.service';
import { ApiToken } from './api-token.entity';

/** Every API token starts with this, so the guard tells it from a JWT without trying to verify it. */
export const API_TOKEN_PREFIX = 'dbn_';

export interface IssuedApiToken {
  id: string;
  name: string;
  personId: string;
  expiresAt: string | null;
  /** Shown once, at creation; only its hash is kept. */
  token: string;
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class ApiTokenService {
  constructor(private readonly db: DataSource) {}

  async issue(input: { personId: string; name: string; expiresInDays?: number }, actor: string): Promise<IssuedApiToken> {
    if (!(await this.db.getRepository(Person).existsBy({ id: input.personId }))) throw new NotFoundError('person', input.personId);
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
    return this.db.transaction(async (tx) => {
      const saved = await tx
        .getRepository(ApiToken)
        .save(tx.getRepository(ApiToken).create({ name: input.name, personId: input.personId, tokenHash: hash(token), createdBy: actor, expiresAt }));
      await audit(tx, actor, 'api-token.issued', 'api_token', saved.id, null, {
        name: saved.name,
        personId: saved.personId,
        expiresAt: expiresAt?.toISOString() ?? null,
      });
      return { id: saved.id, name: saved.name, personId: saved.personId, expiresAt: expiresAt?.toISOString() ?? null, token };
    });
  }

  /** The person a live token acts as, or null for an unknown, revoked or expired token. */
  async authenticate(token: string): Promise<Person | null> {
    const found = await this.db
      .getRepository(ApiToken)
      .createQueryBuilder('t')
      .addSelect('t.tokenHash')
      .where('t.token_hash = :h', { h: hash(token) })
      .getOne();
    if (!found || found.revokedAt || (found.expiresAt && found.expiresAt <= new Date())) return null;
    await this.db.getRepository(ApiToken).update(found.id, { lastUsedAt: new Date() });
    return this.db.getRepository(Person).findOneBy({ id: found.personId });
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
