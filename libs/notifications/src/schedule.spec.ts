import { WorkingDayCalendar } from '@duban/calendar';
import { backoffDelay, firstAttemptAt, nextOfficeInstant } from './schedule';

const calendar = new WorkingDayCalendar();
const HOURS = { start: 9 * 60, end: 18 * 60 };
const at = (shanghai: string): Date => new Date(`${shanghai}+08:00`);

describe('quiet hours (Asia/Shanghai office hours on working days)', () => {
  it('sends at once inside office hours on a working day', () => {
    expect(nextOfficeInstant(at('2018-04-09T10:30:00'), HOURS, calendar)).toEqual(at('2018-04-09T10:30:00'));
  });

  it('waits for 09:00 before the office opens', () => {
    expect(nextOfficeInstant(at('2018-04-09T06:00:00'), HOURS, calendar)).toEqual(at('2018-04-09T09:00:00'));
  });

  it('waits for the next working morning after hours', () => {
    expect(nextOfficeInstant(at('2018-04-09T18:00:00'), HOURS, calendar)).toEqual(at('2018-04-10T09:00:00'));
  });

  it('skips the weekend', () => {
    expect(nextOfficeInstant(at('2018-04-13T19:00:00'), HOURS, calendar)).toEqual(at('2018-04-16T09:00:00'));
  });

  it('skips the National Day holiday and works on a make-up Saturday', () => {
    // 2018: 1–7 October off; Saturday 29 September was a make-up working day.
    expect(nextOfficeInstant(at('2018-09-29T11:00:00'), HOURS, calendar)).toEqual(at('2018-09-29T11:00:00'));
    expect(nextOfficeInstant(at('2018-10-01T11:00:00'), HOURS, calendar)).toEqual(at('2018-10-08T09:00:00'));
  });
});

describe('backoff', () => {
  it('doubles per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffDelay(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});

describe('first attempt of a delivery', () => {
  const quiet = { hours: HOURS, calendar };
  const saturday = at('2018-04-14T10:00:00');

  it('holds email and webhooks over the weekend, but never a critical escalation', () => {
    expect(firstAttemptAt({ now: saturday, critical: false, quiet })).toEqual(at('2018-04-16T09:00:00'));
    expect(firstAttemptAt({ now: saturday, critical: true, quiet })).toEqual(saturday);
  });

  it('opens a digest for the unit window, and later reminders of the day join it', () => {
    const monday = at('2018-04-16T09:30:00');
    expect(firstAttemptAt({ now: monday, critical: false, digest: { windowSeconds: 3600 }, quiet })).toEqual(at('2018-04-16T10:30:00'));
    expect(
      firstAttemptAt({ now: at('2018-04-16T10:00:00'), critical: false, digest: { windowSeconds: 3600, openUntil: at('2018-04-16T10:30:00') }, quiet }),
    ).toEqual(at('2018-04-16T10:30:00'));
  });

  it('sends a digest that would close after hours the next working morning', () => {
    expect(firstAttemptAt({ now: at('2018-04-13T17:30:00'), critical: false, digest: { windowSeconds: 3600 }, quiet })).toEqual(at('2018-04-16T09:00:00'));
  });

  it('never holds a critical one for a digest', () => {
    expect(firstAttemptAt({ now: saturday, critical: true, digest: { windowSeconds: 3600 }, quiet })).toEqual(saturday);
  });
});
