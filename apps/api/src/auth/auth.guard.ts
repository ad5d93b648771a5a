import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@duban/domain';
import { IS_PUBLIC, ROLES, type CurrentPerson } from './current-person';

/** Every route needs a valid access token unless marked @Public(); @Roles() narrows who may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) throw new UnauthorizedException('sign in first: missing Bearer token');
    let claims: { sub: string; username: string; role: Role; unitId: string | null; typ: string };
    try {
      claims = await this.jwt.verifyAsync(header.slice(7));
    } catch {
      throw new UnauthorizedException('the access token is invalid or has expired');
    }
    if (claims.typ !== 'access') throw new UnauthorizedException('not an access token');
    const person: CurrentPerson = { id: claims.sub, username: claims.username, role: claims.role, unitId: claims.unitId };
    request.person = person;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(person.role)) {
      throw new ForbiddenException(`this needs one of the roles ${roles.join(', ')}; you are ${person.role}`);
    }
    return true;
  }
}
