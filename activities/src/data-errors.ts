import { UNSTORABLE_INPUT } from '@duban/contracts';
import { ApplicationFailure } from '@temporalio/common';

/**
 * PostgreSQL's classes 22 (data exception: a NUL byte, a bad encoding, an overflow) and 23 (integrity constraint) say
 * the input itself is refused. A unique violation (23505) is left retryable: an idempotent write that lost a race
 * finds the first row on its next attempt.
 */
export function isUnstorableInput(err: unknown): boolean {
  const code = sqlState(err);
  return code !== undefined && (code.startsWith('22') || (code.startsWith('23') && code !== '23505'));
}

function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Every activity of `activities`, failing non-retryably (ApplicationFailure, UNSTORABLE_INPUT) when PostgreSQL refuses
 * the data, so the workflow hears of it at once instead of the step being retried for ever.
 */
export function failFastOnUnstorableInput<T extends object>(activities: T): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        try {
          return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
        } catch (err) {
          if (!isUnstorableInput(err)) throw err;
          throw ApplicationFailure.create({
            message: `${name}: the database refused the input (SQLSTATE ${sqlState(err)})`,
            type: UNSTORABLE_INPUT,
            nonRetryable: true,
          });
        }
      },
    ]),
  ) as T;
}
