import { ArgumentsHost, BadRequestException } from '@nestjs/common';
import { INVALID_INPUT, NOT_ALLOWED_NOW, WRONG_UNIT } from '@duban/contracts';
import { ConflictError, NotFoundError } from '@duban/domain';
import { PlanParseError } from '@duban/plan-parser';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { ErrorFilter } from './error.filter';

function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const seen = { status: 0, body: {} as Record<string, unknown> };
  const response = {
    status(code: number) {
      seen.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      seen.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return seen;
}

describe('ErrorFilter', () => {
  it('turns a refused workflow Update into 409 with the validator’s reason', () => {
    const failure = ApplicationFailure.nonRetryable('period 2027Q1 is not open yet', NOT_ALLOWED_NOW);
    const { status, body } = answer(new WorkflowUpdateFailedError('update failed', failure));
    expect(status).toBe(409);
    expect(body.message).toBe('period 2027Q1 is not open yet');
  });

  it('turns an invalid-input refusal into 400 naming the field of its `field: reason` message', () => {
    const failure = ApplicationFailure.nonRetryable('indicatorValues[0].indicator: contains a control character (such as NUL)', INVALID_INPUT);
    expect(answer(new WorkflowUpdateFailedError('update failed', failure))).toMatchObject({
      status: 400,
      body: { field: 'indicatorValues[0].indicator', message: expect.stringContaining('control character') },
    });
    const plain = ApplicationFailure.nonRetryable('the input cannot be stored', INVALID_INPUT);
    expect(answer(new WorkflowUpdateFailedError('update failed', plain)).body.field).toBeUndefined();
  });

  it('tells an Update that came before the run registered its handlers that the workflow is starting (retry)', () => {
    const failure = ApplicationFailure.nonRetryable('No registered handler for update: submitReport');
    const { status, body } = answer(new WorkflowUpdateFailedError('update failed', failure));
    expect(status).toBe(409);
    expect(body).toMatchObject({ currentState: 'starting', message: expect.stringContaining('starting') });
  });

  it('turns a wrong-unit refusal into 403', () => {
    const failure = ApplicationFailure.nonRetryable('only the lead unit', WRONG_UNIT);
    expect(answer(new WorkflowUpdateFailedError('update failed', failure)).status).toBe(403);
  });

  it('maps domain errors to 404 and 409 with the current state', () => {
    expect(answer(new NotFoundError('plan', 'x')).status).toBe(404);
    const conflict = answer(new ConflictError('not under supervision', 'draft'));
    expect(conflict).toMatchObject({ status: 409, body: { currentState: 'draft' } });
  });

  it('says what in a document could not be read, with 413 for an oversize one', () => {
    expect(answer(new PlanParseError('empty', 'empty')).status).toBe(400);
    expect(answer(new PlanParseError('too-large', 'too-large', { size: '60', limit: '5' })).status).toBe(413);
    const overran = answer(new PlanParseError('timeout', 'timeout', { seconds: 20, stage: 'responsibility' }));
    expect(overran.status).toBe(422);
    expect(overran.body).toMatchObject({ code: 'timeout', message: expect.stringContaining('读取责任分工') });
    expect(answer(new PlanParseError('parser-stopped', 'parser-stopped', { stage: 'outline', reason: 'SIGKILL' })).status).toBe(422);
  });

  it('keeps the validation details of a 400', () => {
    const { status, body } = answer(new BadRequestException({ message: 'narrative: should not be empty', problems: [{ field: 'narrative' }] }));
    expect(status).toBe(400);
    expect(body.problems).toEqual([{ field: 'narrative' }]);
  });

  it('answers a value PostgreSQL cannot store (class 22, e.g. a NUL byte) with a 400', () => {
    for (const code of ['22021', '22P05', '22P02']) {
      const failure = new QueryFailedError('INSERT …', [], Object.assign(new Error('invalid byte sequence'), { code }));
      expect(answer(failure).status).toBe(400);
    }
    const other = new QueryFailedError('SELECT …', [], Object.assign(new Error('deadlock detected'), { code: '40P01' }));
    expect(answer(other).status).toBe(500);
  });

  it('answers 503 while PostgreSQL restarts after a crash (found by the chaos run)', () => {
    for (const message of [
      'the database system is starting up',
      'the database system is in recovery mode',
      'terminating connection due to administrator command',
      'terminating connection due to crash of another server process',
    ]) {
      expect(answer(Object.assign(new Error(message), { code: '57P03' })).status).toBe(503);
    }
  });

  it('answers an unexpected error with a bare 500 that leaks nothing', () => {
    const { status, body } = answer(new TypeError('secret internals'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret');
  });
});
