import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { OfficeScope, UnitScope, type UnitScopeTarget } from '@duban/domain';
import { from, switchMap, type Observable } from 'rxjs';
import type { CurrentPerson } from '../auth/current-person';

/** The reads of a unit's own records: another unit's are unknown to reporters and unit heads. */
const UNIT_READS = /^\/units\/[^/]+\/(schedule|calendar\.ics)$/;

/**
 * One place where every route with a plan, item, report, escalation, request or attachment in its path is checked
 * against the office scope (libs/domain OfficeScope) before its handler runs: another office's records are 404.
 * Reads (GET) are checked against the unit scope as well (libs/domain UnitScope): a reporter or unit head reading an
 * item, plan or unit schedule their unit takes no part in gets 404.
 */
@Injectable()
export class OfficeScopeInterceptor implements NestInterceptor {
  constructor(
    private readonly scope: OfficeScope,
    private readonly units: UnitScope,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<{ method: string; path: string; person?: CurrentPerson; params?: UnitScopeTarget }>();
    const { person, params } = request;
    if (!person || !params) return next.handle();
    const check = async () => {
      await this.scope.assertMayKnow(person, params);
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      // A unit id is checked on the unit's schedule and calendar feed only (the unit dashboard answers 403 itself).
      await this.units.assertMayKnow(person, UNIT_READS.test(request.path) ? params : { ...params, unitId: undefined });
    };
    return from(check()).pipe(switchMap(() => next.handle()));
  }
}
