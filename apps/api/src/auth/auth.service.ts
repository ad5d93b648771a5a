import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException, ForbiddenException, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { DubanConfig } from '@duban/config';
import { DirectoryAdminService, InvalidInputError, passwordProblem, PersonService, SessionService, SignInThrottleService } from '@duban/domain';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { CONFIG } from '../tokens';
import type { AccessClaims } from './auth.guard';

export interface Client {
  address: string | null;
  userAgent: string | null;
}

export interface IssuedSession {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const WRONG = 'wrong username or password';

@Injectable()
export class AuthService implements OnModuleInit {
  /** Verified when the username is unknown, so that an unknown name costs the same argon2 work as a known one. */
  private dummyHash = '';

  constructor(
    private readonly people: PersonService,
    private readonly directory: DirectoryAdminService,
    private readonly sessions: SessionService,
    private readonly throttle: SignInThrottleService,
    private readonly jwt: JwtService,
    @Inject(CONFIG) private readonly config: DubanConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await argon2.hash(randomBytes(16).toString('hex'));
  }

  /**
   * The same steps for every attempt (the lock check, one person lookup, one argon2 verify, the failure count), so the
   * time of the answer does not tell a known username from an unknown one. Locks are kept per account name and per
   * client address, in PostgreSQL: two API instances share them.
   */
  async signIn(username: string, password: string, client: Client): Promise<IssuedSession> {
    const name = username.trim().toLowerCase();
    const accountKey = `account:${name}`;
    const addressKey = `address:${client.address ?? 'unknown'}`;
    const { signIn } = this.config.auth;
    const lockedUntil = await this.throttle.lockedUntil([accountKey, addressKey]);
    if (lockedUntil) {
      await this.throttle.record({
        action: 'sign-in.failed',
        actor: 'anonymous',
        subject: name,
        details: { reason: 'locked', until: lockedUntil.toISOString() },
      });
      throw tooMany(lockedUntil);
    }
    const person = await this.people.findWithPassword(name);
    const matches = await argon2.verify(person?.passwordHash ?? this.dummyHash, password);
    if (!person || !matches) {
      await this.throttle.record({ action: 'sign-in.failed', actor: 'anonymous', subject: name, details: { reason: 'wrong-credentials' } });
      const rule = { windowSeconds: signIn.windowSeconds, lockSeconds: signIn.lockSeconds };
      for (const [key, failures] of [
        [accountKey, signIn.accountFailures],
        [addressKey, signIn.addressFailures],
      ] as const) {
        const until = await this.throttle.fail(key, { ...rule, failures });
        if (until) await this.throttle.record({ action: 'sign-in.locked', actor: 'system', subject: key, details: { failures, until: until.toISOString() } });
      }
      throw new UnauthorizedException(WRONG);
    }
    if (person.disabledAt) {
      await this.throttle.record({ action: 'sign-in.failed', actor: person.id, subject: name, details: { reason: 'disabled' } });
      throw new ForbiddenException('this account is disabled: ask your security administrator');
    }
    await this.throttle.clear(accountKey);
    const opened = await this.sessions.open({ personId: person.id, ...client, limits: this.config.auth.session });
    await this.throttle.record({ action: 'sign-in.succeeded', actor: person.id, subject: name, details: { sessionId: opened.sessionId } });
    return {
      accessToken: await this.accessToken(person.id, opened.sessionId),
      refreshToken: opened.refreshToken,
      expiresIn: this.config.auth.accessTokenSeconds,
    };
  }

  /** Spends the refresh token for a new pair; a token used twice ends its session. */
  async refresh(refreshToken: string): Promise<IssuedSession> {
    const rotated = await this.sessions.rotate(refreshToken, this.config.auth.session);
    if (!rotated.ok) {
      throw new UnauthorizedException(
        rotated.reason === 'reused'
          ? 'this refresh token was used before, so its session has been ended: sign in again'
          : 'the session has ended: sign in again',
      );
    }
    return {
      accessToken: await this.accessToken(rotated.personId, rotated.sessionId),
      refreshToken: rotated.refreshToken,
      expiresIn: this.config.auth.accessTokenSeconds,
    };
  }

  /** The session an access token was issued in, if the token is genuine (even expired: signing out must still work). */
  async sessionOf(accessToken: string): Promise<{ sessionId: string; personId: string } | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(accessToken, { ignoreExpiration: true });
      return claims.typ === 'access' ? { sessionId: claims.sid, personId: claims.sub } : null;
    } catch {
      return null;
    }
  }

  sessionOfRefreshToken(refreshToken: string): Promise<{ sessionId: string; personId: string } | null> {
    return this.sessions.sessionOfRefreshToken(refreshToken);
  }

  async signOut(sessionId: string, actor: string): Promise<number> {
    return (await this.sessions.revoke({ sessionId, reason: 'signed-out', actor })) ? 1 : 0;
  }

  signOutEverywhere(personId: string): Promise<number> {
    return this.sessions.revokeAllOf({ personId, reason: 'signed-out-everywhere', actor: personId });
  }

  /** A person changes their own password: the old one is checked (and counted like a sign-in failure), the new one against the policy. */
  async changePassword(input: { personId: string; username: string; sessionId?: string; currentPassword: string; newPassword: string }): Promise<void> {
    const accountKey = `account:${input.username}`;
    const lockedUntil = await this.throttle.lockedUntil([accountKey]);
    if (lockedUntil) throw tooMany(lockedUntil);
    const person = await this.people.findWithPassword(input.username);
    if (!person || !(await argon2.verify(person.passwordHash, input.currentPassword))) {
      const { signIn } = this.config.auth;
      await this.throttle.record({ action: 'sign-in.failed', actor: input.personId, subject: input.username, details: { reason: 'wrong-current-password' } });
      const until = await this.throttle.fail(accountKey, {
        failures: signIn.accountFailures,
        windowSeconds: signIn.windowSeconds,
        lockSeconds: signIn.lockSeconds,
      });
      if (until) await this.throttle.record({ action: 'sign-in.locked', actor: 'system', subject: accountKey, details: { until: until.toISOString() } });
      throw new InvalidInputError('currentPassword: this is not your current password', 'currentPassword');
    }
    this.checkPolicy(input.newPassword);
    if (await argon2.verify(person.passwordHash, input.newPassword))
      throw new InvalidInputError('newPassword: choose a password other than the current one', 'newPassword');
    await this.directory.setPassword({
      personId: input.personId,
      passwordHash: await argon2.hash(input.newPassword),
      mustChange: false,
      actor: input.personId,
    });
    // Whoever else holds a session of this person (the reason to change a password) is signed out; this session stays.
    await this.sessions.revokeAllOf({ personId: input.personId, reason: 'password-changed', actor: input.personId, except: input.sessionId });
  }

  /** Throws a 400 naming `newPassword` when the password breaks the policy (PASSWORD_MIN_LENGTH, PASSWORD_MIN_CLASSES). */
  checkPolicy(password: string, field = 'newPassword'): void {
    const problem = passwordProblem(password, this.config.auth.password);
    if (!problem) return;
    throw new InvalidInputError(
      problem.key === 'password.tooShort'
        ? `${field}: must be at least ${problem.minLength} characters`
        : `${field}: must mix at least ${problem.minClasses} of lower case, upper case, digits and other characters`,
      field,
    );
  }

  private accessToken(personId: string, sessionId: string): Promise<string> {
    const claims: AccessClaims = { sub: personId, sid: sessionId, typ: 'access' };
    return this.jwt.signAsync(claims, { expiresIn: this.config.auth.accessTokenSeconds });
  }
}

function tooMany(until: Date): HttpException {
  const retryAfter = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return new HttpException({ message: `too many failed sign-ins: try again in ${retryAfter} s`, retryAfter }, HttpStatus.TOO_MANY_REQUESTS);
}
