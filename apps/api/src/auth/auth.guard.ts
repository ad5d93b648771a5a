import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { API_TOKEN_PREFIX, ApiTokenService, type Role } from '@duban/domain';
import { IS_PUBLIC, ROLES, type CurrentPerson } from './current-person';

/** Every route needs a valid access token unless marked @Public(); @Roles() narrows who may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly apiTokens: ApiTokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) throw new UnauthorizedException('sign in first: missing Bearer token');
    const token = header.slice(7);
    const person = token.startsWith(API_TOKEN_PREFIX) ? await this.machineClient(token) : await this.signedIn(token);
    request.person = person;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(person.role)) {
      throw new ForbiddenException(`this needs one of the roles ${roles.join(', ')}; you are ${person.role}`);
    }
    return true;
  }

  private async signedIn(token: string): Promise<CurrentPerson> {
    let claims: { sub: string; username: string; role: Role; unitId: string | null; typ: string };
    try {
      claims = await this.jwt.verifyAsync(token);
    } catch {
      throw new UnauthorizedException('the access token is invalid or has expired');
    }
    if (claims.typ !== 'access') throw new UnauthorizedException('not an access token');
    return { id: claims.sub, username: claims.username, role: claims.role, unitId: claims.unitId };
  }

  /** An API token acts as the person it was issued for, with that person's current role and unit. */
  private async machineClient(token: string): Promise<CurrentPerson> {
    const person = await this.apiTokens.authenticate(token);
    if (!person) throw new UnauthorizedException('the API token is unknown, revoked or expired');
    return { id: person.id, username: person.username, role: person.role, unitId: person.unitId };
  }
}
