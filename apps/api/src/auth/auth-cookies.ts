import { ForbiddenException } from '@nestjs/common';
import { parse } from 'cookie';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * The console keeps its refresh token in an HttpOnly cookie, out of reach of page scripts, and its access token in
 * memory. The cookies are always Secure (browsers keep Secure cookies for http://127.0.0.1 and localhost too) and
 * SameSite=Strict; the endpoints that read the refresh cookie also want the X-CSRF-Token header to repeat the readable
 * duban_csrf cookie (double submit), which a page of another origin cannot do.
 */
export const REFRESH_COOKIE = 'duban_refresh';
export const CSRF_COOKIE = 'duban_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const BASE = { secure: true, sameSite: 'strict' as const };

export function setSessionCookies(res: Response, refreshToken: string, maxAgeSeconds: number): void {
  res.cookie(REFRESH_COOKIE, refreshToken, { ...BASE, httpOnly: true, path: '/auth', maxAge: maxAgeSeconds * 1000 });
  res.cookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), { ...BASE, httpOnly: false, path: '/', maxAge: maxAgeSeconds * 1000 });
}

export function clearSessionCookies(res: Response): void {
  res.clearCookie(REFRESH_COOKIE, { ...BASE, httpOnly: true, path: '/auth' });
  res.clearCookie(CSRF_COOKIE, { ...BASE, path: '/' });
}

/** The refresh token from the cookie, once the CSRF header matches; undefined when there is no cookie. */
export function refreshTokenFromCookie(req: Request): string | undefined {
  const cookies = parse(req.headers.cookie ?? '');
  const token = cookies[REFRESH_COOKIE];
  if (!token) return undefined;
  const sent = req.headers[CSRF_HEADER];
  const expected = cookies[CSRF_COOKIE];
  if (typeof sent !== 'string' || !expected || sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
    throw new ForbiddenException(`the ${CSRF_HEADER} header must repeat the ${CSRF_COOKIE} cookie`);
  }
  return token;
}
