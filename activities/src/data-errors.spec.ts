import { UNSTORABLE_INPUT } from '@duban/contracts';
import { ApplicationFailure } from '@temporalio/common';
import { failFastOnUnstorableInput, isUnstorableInput } from './data-errors';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
const typeormError = (code: string) => Object.assign(new Error('query failed'), { driverError: { code } });

describe('activity failures retrying cannot cure', () => {
  it('are PostgreSQL data exceptions and constraint violations other than a lost unique race', () => {
    expect(isUnstorableInput(pgError('22021'))).toBe(true); // invalid byte sequence (a NUL)
    expect(isUnstorableInput(typeormError('22P02'))).toBe(true);
    expect(isUnstorableInput(typeormError('23502'))).toBe(true);
    expect(isUnstorableInput(typeormError('23514'))).toBe(true);
    expect(isUnstorableInput(typeormError('23505'))).toBe(false);
    expect(isUnstorableInput(pgError('57P01'))).toBe(false); // admin shutdown: a retry may well succeed
    expect(isUnstorableInput(pgError('ECONNREFUSED'))).toBe(false);
    expect(isUnstorableInput(new Error('plain'))).toBe(false);
  });

  it('fail non-retryably with UNSTORABLE_INPUT; other errors pass through unchanged', async () => {
    const transient = pgError('08006');
    const wrapped = failFastOnUnstorableInput({
      refused: async () => Promise.reject(typeormError('22021')),
      flaky: async () => Promise.reject(transient),
      fine: async (n: number) => n + 1,
    });
    await expect(wrapped.fine(1)).resolves.toBe(2);
    await expect(wrapped.flaky()).rejects.toBe(transient);
    const failure = await wrapped.refused().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: UNSTORABLE_INPUT, nonRetryable: true, message: expect.stringContaining('22021') });
  });
});
