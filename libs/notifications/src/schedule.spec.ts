import { WorkingDayCalendar } from '@duban/calendar';
import { backoffDelay, nextOfficeInstant } from './schedule';

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
