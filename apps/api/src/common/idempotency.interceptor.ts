/// <reference types="multer" />
import {
  BadRequestException,
  ConflictException,
  Injectable,
  SetMetadata,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IdempotencyService, type IdempotencyDecision, type IdempotentRequest } from '@duban/domain';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import type { CurrentPerson } from '../auth/current-person';

const UPLOAD_ROUTE = 'duban:idempotent-upload';
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** How long a duplicate waits for the first request to finish before it is told "in progress" (409). */
const WAIT_MS = 20_000;
const POLL_MS = 100;

/** For multipart routes: the key is checked after the file is read (by UploadIdempotencyInterceptor), not before. */
export const IdempotentUpload = () => SetMetadata(UPLOAD_ROUTE, true);

type DubanRequest = Request & { person?: CurrentPerson; file?: Express.Multer.File };

/**
 * Idempotency-Key on every POST: the first request with a key executes and its answer is kept; a retry with the
 * same key and body gets that answer and changes nothing; the same key with another body is a 422; a duplicate
 * arriving while the first still runs waits for it, and gets 409 if it takes too long.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  protected readonly afterUpload: boolean = false;

  constructor(
    private readonly store: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<DubanRequest>();
    const res = http.getResponse<Response>();
    const header = req.headers['idempotency-key'];
    if (req.method !== 'POST' || header === undefined || !req.person) return next.handle();
    if (Boolean(this.reflector.get<boolean>(UPLOAD_ROUTE, context.getHandler())) !== this.afterUpload) return next.handle();
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      const reason = 'must be 1 to 200 visible ASCII characters, sent once';
      throw new BadRequestException({ message: `Idempotency-Key: ${reason}`, problems: [{ field: 'Idempotency-Key', reason }] });
    }
    const request: IdempotentRequest = {
      scope: req.person.id,
      method: req.method,
      path: req.originalUrl.split('?')[0],
      key: header,
      requestHash: requestHash(req),
    };
    const decision = await this.decide(request);
    if (decision.kind === 'mismatch') throw new UnprocessableEntityException('Idempotency-Key: this key was used with a different request body');
    if (decision.kind === 'in-progress')
      throw new ConflictException({ message: 'a request with this Idempotency-Key is still in progress; retry shortly', currentState: 'in-progress' });
    if (decision.kind === 'replay') {
      res.setHeader('Idempotent-Replayed', 'true');
      return of(decision.response);
    }
    const recordId = decision.recordId;
    return next.handle().pipe(
      mergeMap((body: unknown) => from(this.store.complete(recordId, res.statusCode, toJson(body)).then(() => body))),
      catchError((err: unknown) => from(this.store.abandon(recordId)).pipe(mergeMap(() => throwError(() => err)))),
    );
  }

  private async decide(request: IdempotentRequest): Promise<IdempotencyDecision> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const decision = await this.store.begin(request);
      if (decision.kind !== 'in-progress' || Date.now() >= deadline) return decision;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

/** The same interceptor, placed after FileInterceptor so the file is part of the request it fingerprints. */
@Injectable()
export class UploadIdempotencyInterceptor extends IdempotencyInterceptor {
  protected override readonly afterUpload = true;
}

function requestHash(req: DubanRequest): string {
  const hash = createHash('sha256').update(stableStringify(req.body ?? null));
  if (req.file) hash.update(req.file.originalname).update(req.file.mimetype).update(req.file.buffer);
  return hash.digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function toJson(body: unknown): unknown {
  return body === undefined ? null : (JSON.parse(JSON.stringify(body)) as unknown);
}
