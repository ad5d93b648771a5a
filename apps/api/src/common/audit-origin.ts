import { withAuditOrigin } from '@duban/domain';
import type { NextFunction, Request, Response } from 'express';

/** Every audit row a request causes records the client's address (and, once the guard knows it, the API token). */
export function auditOrigin(req: Request, _res: Response, next: NextFunction): void {
  withAuditOrigin({ address: req.ip ?? null, tokenId: null }, next);
}
