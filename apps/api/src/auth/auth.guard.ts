import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { DubanConfig } from '@duban/config';
import { API_TOKEN_PREFIX, ApiTokenService, currentAuditOrigin, isAdministrator, SessionService, type ApiTokenScope, type Role } from '@duban/domain';
import type { Request } from 'express';
import { CONFIG } from '../tokens';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, IS_PUBLIC, OPEN_TO_ADMINISTRATORS, ROLES, type CurrentPerson } from './current-person';

export interface AccessClaims {
  sub: string;
  sid: string;
  typ: 'access';
}

/**
 * Every route needs a valid access token unless marked @Public(); @Roles() narrows who may call it. The person is read
 * from the database on each request (one query joining the session): a disabled person, an ended session or a changed
 * role or unit takes effect at the next request, not when the access token expires.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly apiTokens: ApiTokenService,
    private readonly sessions: SessionService,
    @Inject(CONFIG) private readonly config: DubanConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { person?: CurrentPerson }>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) throw new UnauthorizedException('sign in first: missing Bearer token');
    const token = header.slice(7);
    const person = token.startsWith(API_TOKEN_PREFIX) ? await this.machineClient(token, request) : await this.signedIn(token);
    request.person = person;
    if (person.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, targets)) {
      throw new ForbiddenException({
        message: 'an administrator reset your password: change it first (POST /auth/password)',
        reason: 'password-change-required',
      });
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (!roles && isAdministrator(person.role) && !this.reflector.getAllAndOverride<boolean>(OPEN_TO_ADMINISTRATORS, targets)) {
      throw new ForbiddenException('administrators read and change no supervision records (三员分立)');
    }
    if (roles && !roles.includes(person.role)) {
      throw new ForbiddenException(`this needs one of the roles ${roles.join(', ')}; you are ${person.role}`);
    }
    return true;
  }

  private async signedIn(token: string): Promise<CurrentPerson> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token);
    } catch {
      throw new UnauthorizedException('the access token is invalid or has expired');
    }
    if (claims.typ !== 'access' || typeof claims.sid !== 'string') throw new UnauthorizedException('not an access token');
    const { idleSeconds } = this.config.auth.session;
    // The last-seen time moves at most every 30 s (a third of a shorter idle timeout): few writes, and no early end.
    const holder = await this.sessions.holder(claims.sid, idleSeconds, Math.min(30, idleSeconds / 3));
    if (!holder || holder.person.id !== claims.sub) throw new UnauthorizedException('your session has ended: sign in again');
    return { ...holder.person, sessionId: holder.sessionId };
  }

  /** An API token acts as the person it was issued for, with that person's current role and unit, within its scopes. */
  private async machineClient(token: string, request: Request): Promise<CurrentPerson> {
    const found = await this.apiTokens.authenticate(token);
    if (!found) throw new UnauthorizedException('the API token is unknown, revoked or expired');
    const origin = currentAuditOrigin();
    if (origin) origin.tokenId = found.token.id;
    const needed = scopeNeeded(request);
    if (!needed.some((scope) => found.token.scopes.includes(scope))) {
      throw new ForbiddenException(`this API token's scopes (${found.token.scopes.join(', ')}) do not include ${needed.join(' or ')}`);
    }
    const { person } = found;
    return { id: person.id, username: person.username, role: person.role, unitId: person.unitId, mustChangePassword: false, tokenId: found.token.id };
  }
}

/** Reads need `read` (or `metrics` for the metrics page alone); every other method needs `write`. */
function scopeNeeded(request: Request): ApiTokenScope[] {
  if (request.method !== 'GET' && request.method !== 'HEAD') return ['write'];
  return request.path === '/metrics' ? ['read', 'metrics'] : ['read'];
}
