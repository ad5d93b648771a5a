import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { OfficeScope, type ScopeTarget } from '@duban/domain';
import { from, switchMap, type Observable } from 'rxjs';
import type { CurrentPerson } from '../auth/current-person';

/**
 * One place where every route with a plan, item, report, escalation, request or attachment in its path is checked
 * against the office scope (libs/domain OfficeScope) before its handler runs: another office's records are 404.
 */
@Injectable()
export class OfficeScopeInterceptor implements NestInterceptor {
  constructor(private readonly scope: OfficeScope) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<{ person?: CurrentPerson; params?: ScopeTarget }>();
    if (!request.person || !request.params) return next.handle();
    return from(this.scope.assertMayKnow(request.person, request.params)).pipe(switchMap(() => next.handle()));
  }
}
