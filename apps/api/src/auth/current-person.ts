import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@duban/domain';

export interface CurrentPerson {
  id: string;
  username: string;
  role: Role;
  unitId: string | null;
  /** After an administrator's reset: nothing but a password change is allowed until then. */
  mustChangePassword: boolean;
  /** The session a signed-in person acts in (absent for an API token). */
  sessionId?: string;
  /** The API token a machine client acts with (absent for a signed-in person). */
  tokenId?: string;
}

export const IS_PUBLIC = 'duban:public';
export const ROLES = 'duban:roles';
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'duban:allowed-before-password-change';
export const OPEN_TO_ADMINISTRATORS = 'duban:open-to-administrators';

/** No sign-in needed (sign-in itself, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the handler. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/**
 * A route without @Roles() is open to the supervision roles only: administrators read no supervision records (三员分立).
 * This opens such a route to them as well (their own session, their inbox).
 */
export const OpenToAdministrators = () => SetMetadata(OPEN_TO_ADMINISTRATORS, true);

/** Callable by a person whose password an administrator reset (who may do nothing else until they change it). */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

export const Me = createParamDecorator((_: unknown, ctx: ExecutionContext): CurrentPerson => ctx.switchToHttp().getRequest().person);
