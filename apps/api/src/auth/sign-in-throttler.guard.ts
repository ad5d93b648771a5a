import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * At most 10 sign-in attempts a minute per address and username (429 beyond): slows password guessing against
 * one account without locking out a whole office behind one NAT address.
 */
@Injectable()
export class SignInThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const body = req.body as { username?: unknown } | undefined;
    const username = typeof body?.username === 'string' ? body.username.slice(0, 100).toLowerCase() : '';
    return `${String(req.ip)}:${username}`;
  }
}
