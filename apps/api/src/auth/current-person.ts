import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@duban/domain';

export interface CurrentPerson {
  id: string;
  username: string;
  role: Role;
  unitId: string | null;
}

export const IS_PUBLIC = 'duban:public';
export const ROLES = 'duban:roles';

/** No sign-in needed (sign-in itself, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the handler. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const Me = createParamDecorator((_: unknown, ctx: ExecutionContext): CurrentPerson => ctx.switchToHttp().getRequest().person);
