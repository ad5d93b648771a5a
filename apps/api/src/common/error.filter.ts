import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { INVALID_INPUT, NOT_ALLOWED_NOW, WRONG_UNIT } from '@duban/contracts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '@duban/domain';
import { PlanParseError } from '@duban/plan-parser';
import { ApplicationFailure, QueryNotRegisteredError, QueryRejectedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Response } from 'express';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  [extra: string]: unknown;
}

const UPDATE_FAILURE_STATUS: Record<string, number> = {
  [NOT_ALLOWED_NOW]: HttpStatus.CONFLICT,
  [WRONG_UNIT]: HttpStatus.FORBIDDEN,
  [INVALID_INPUT]: HttpStatus.BAD_REQUEST,
};

/** One place that turns every error into a clear answer; an unexpected one is logged and never leaks details. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    response.status(body.statusCode).json(body);
  }
}

/** The answer an error gets; also used where one request reports the outcome of many steps (bulk approve). */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse();
    const payload = typeof res === 'string' ? { message: res } : (res as Record<string, unknown>);
    const message = Array.isArray(payload.message) ? payload.message.join('; ') : String(payload.message ?? exception.message);
    return {
      ...payload,
      statusCode: status,
      error: HttpStatus[status] ?? 'Error',
      message,
    };
  }
  if (exception instanceof NotFoundError || exception instanceof EntityNotFoundError) return body(404, exception.message);
  if (exception instanceof ConflictError)
    return {
      ...body(409, exception.message),
      currentState: exception.currentState,
    };
  if (exception instanceof ForbiddenError) return body(403, exception.message);
  if (exception instanceof QueryFailedError) {
    const code = (exception.driverError as { code?: string } | undefined)?.code ?? '';
    // A unique index refused a second copy (a race the service's own check lost): the step is not allowed now.
    if (code === '23505') return body(409, 'this already exists (a concurrent request created it first)');
    if (code === '23502') return body(400, `${(exception.driverError as { column?: string }).column ?? 'a field'}: must not be empty`);
    if (code === '23503') return body(409, 'this refers to something that does not exist (or is still referred to)');
    // Class 22 is PostgreSQL's "data exception": a value the request carried (a NUL byte, a bad date, an overflow).
    if (code.startsWith('22')) return body(400, 'a value in the request is not valid for its field');
  }
  if (exception instanceof InvalidInputError) return { ...body(400, exception.message), field: exception.field };
  if (exception instanceof PlanParseError)
    return {
      ...body(PARSE_FAILURE_STATUS[exception.code] ?? 400, exception.message),
      code: exception.code,
    };
  // An Update that reaches a run before its first task has registered the handlers (at activation, or at a period
  // boundary while the new run schedules its period; long while PostgreSQL is down): the run is starting, retry.
  if (
    exception instanceof WorkflowUpdateFailedError &&
    exception.cause instanceof ApplicationFailure &&
    exception.cause.message.startsWith('No registered handler for update')
  ) {
    return { ...body(409, "the item's workflow is starting; try again in a moment"), currentState: 'starting' };
  }
  if (exception instanceof WorkflowUpdateFailedError && exception.cause instanceof ApplicationFailure) {
    const status = UPDATE_FAILURE_STATUS[exception.cause.type ?? ''] ?? 409;
    // A validator's `field: reason` (libs/contracts textProblem and the rest) names the field, as the DTOs' 400s do.
    const field = status === 400 ? /^([\w.[\]]+): /.exec(exception.cause.message)?.[1] : undefined;
    return { ...body(status, exception.cause.message), ...(field ? { field } : {}) };
  }
  // Queried in the moment between the workflow's start and its first task, which registers the query handler.
  if (exception instanceof QueryNotRegisteredError) return { ...body(409, "the item's workflow is starting; ask again in a moment"), currentState: 'starting' };
  if (exception instanceof QueryRejectedError) return { ...body(409, `the item's workflow is ${String(exception.status)}`), currentState: 'closed' };
  if (exception instanceof WorkflowNotFoundError) return body(409, 'the item is not under supervision (its workflow is not running)');
  const bodyParser = exception as {
    type?: string;
    status?: number;
    message?: string;
  };
  if (bodyParser.type === 'entity.too.large') return body(413, 'the request body is too large');
  if (bodyParser.type === 'entity.parse.failed') return body(400, 'the request body is not valid JSON');
  if (isUnavailable(exception)) return body(503, 'a backing service (database or Temporal) is unavailable; try again shortly');
  return body(500, 'internal error');
}

/** A document too large is 413; one the parser could not finish in time (or whose parser process died) is 422. */
const PARSE_FAILURE_STATUS: Partial<Record<PlanParseError['code'], number>> = { 'too-large': 413, timeout: 422, 'parser-stopped': 422 };

function body(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: HttpStatus[statusCode] ?? 'Error', message };
}

function isUnavailable(exception: unknown): boolean {
  const text = exception instanceof Error ? `${exception.name} ${exception.message}` : '';
  // PostgreSQL restarting after a crash refuses connections with 57P03 ("the database system is starting up" /
  // "… in recovery mode") and ends sessions with 57P01/57P02 ("terminating connection due to …").
  return /ECONNREFUSED|Connection terminated|connect ETIMEDOUT|ServiceError|UNAVAILABLE|timeout exceeded when trying to connect|the database system is (starting up|in recovery mode|shutting down|not yet accepting connections)|terminating connection due to/i.test(
    text,
  );
}
