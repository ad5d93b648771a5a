import { InvalidPeriodKeyError, nextPeriodKey, parsePeriodKey, periodBounds, periodKeyFor } from './period-key';

describe('period keys', () => {
  it.each([
    ['2018-03-31', 'monthly', '2018-03'],
    ['2018-03-31', 'quarterly', '2018Q1'],
    ['2018-04-01', 'quarterly', '2018Q2'],
    ['2018-06-30', 'half-yearly', '2018H1'],
    ['2018-07-01', 'half-yearly', '2018H2'],
    ['2018-12-31', 'yearly', '2018'],
    ['2018-12-31', 'quarterly', '2018Q4'],
  ] as const)('%s under %s is %s', (date, frequency, key) => {
    expect(periodKeyFor(date, frequency)).toBe(key);
  });

  it.each([
    ['2018-02', '2018-02-01', '2018-02-28'],
    ['2020-02', '2020-02-01', '2020-02-29'],
    ['2018Q1', '2018-01-01', '2018-03-31'],
    ['2018Q2', '2018-04-01', '2018-06-30'],
    ['2018Q3', '2018-07-01', '2018-09-30'],
    ['2018Q4', '2018-10-01', '2018-12-31'],
    ['2018H1', '2018-01-01', '2018-06-30'],
    ['2018H2', '2018-07-01', '2018-12-31'],
    ['2018', '2018-01-01', '2018-12-31'],
  ])('%s runs %s to %s', (key, start, end) => {
    expect(periodBounds(key)).toEqual({ start, end });
  });

  it.each([
    ['2018-12', '2019-01'],
    ['2018-09', '2018-10'],
    ['2018Q4', '2019Q1'],
    ['2018Q1', '2018Q2'],
    ['2018H2', '2019H1'],
    ['2018', '2019'],
  ])('after %s comes %s', (key, next) => {
    expect(nextPeriodKey(key)).toBe(next);
  });

  it('parses each form', () => {
    expect(parsePeriodKey('2018-03')).toEqual({ key: '2018-03', frequency: 'monthly', year: 2018, index: 3 });
    expect(parsePeriodKey('2018Q4')).toEqual({ key: '2018Q4', frequency: 'quarterly', year: 2018, index: 4 });
    expect(parsePeriodKey('2018H2')).toEqual({ key: '2018H2', frequency: 'half-yearly', year: 2018, index: 2 });
    expect(parsePeriodKey('2018')).toEqual({ key: '2018', frequency: 'yearly', year: 2018, index: 1 });
  });

  it.each([
    ['2018Q5', /4 quarterly periods/],
    ['2018Q0', /4 quarterly periods/],
    ['2018-13', /12 monthly periods/],
    ['2018-00', /12 monthly periods/],
    ['2018H3', /2 half-yearly periods/],
    ['18Q1', /unrecognised form/],
    ['2018q1', /unrecognised form/],
    ['2018-3', /unrecognised form/],
    ['', /unrecognised form/],
    ['0999', /year before 1000/],
    // Anchored at both ends: nothing before or after a key (mutation testing found these unpinned).
    ['x2018-03', /unrecognised form/],
    ['2018-03x', /unrecognised form/],
    ['x2018Q1', /unrecognised form/],
    ['2018Q1x', /unrecognised form/],
    ['x2018H1', /unrecognised form/],
    ['2018H1x', /unrecognised form/],
    ['12018', /unrecognised form/],
    ['20181', /unrecognised form/],
  ])('rejects %s', (key, reason) => {
    expect(() => parsePeriodKey(key)).toThrow(InvalidPeriodKeyError);
    expect(() => periodBounds(key)).toThrow(reason);
  });

  it('rejects an unknown frequency and a malformed date', () => {
    expect(() => periodKeyFor('2018-01-01', 'weekly' as never)).toThrow(/unknown reporting frequency "weekly"/);
    expect(() => periodKeyFor('2018-01-32', 'monthly')).toThrow(/invalid date/);
  });

  it('accepts the first year it knows, 1000', () => {
    expect(parsePeriodKey('1000')).toMatchObject({ year: 1000 });
    expect(periodBounds('1000Q1')).toEqual({ start: '1000-01-01', end: '1000-03-31' });
  });

  it('rejects a date with anything after it, or one that does not exist', () => {
    expect(() => periodKeyFor('2018-01-01x', 'monthly')).toThrow(/not in the form YYYY-MM-DD/);
    expect(() => periodKeyFor('2019-02-29', 'monthly')).toThrow(/invalid date/);
    expect(() => periodKeyFor('0999-12-31', 'monthly')).toThrow(/year before 1000/);
    expect(periodKeyFor('1000-01-01', 'monthly')).toBe('1000-01');
  });

  it('names no period after 9999', () => {
    expect(() => nextPeriodKey('9999Q4')).toThrow(/last period/);
  });
});
