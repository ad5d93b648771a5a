import { behindExpectedProgress } from './expected-progress';

const fibre = { year: 2019, indicator: '光纤入户率', value: 98, unit: '%', text: '到2019年底，全市光纤入户率达98%' };
const shows = { year: 2019, indicator: '4K节目', min: 2500, unit: '小时', text: '运营商提供超过2500小时的4K节目' };

describe('behindExpectedProgress', () => {
  it('has no expectation from a single reading: the first report is the baseline', () => {
    expect(behindExpectedProgress([fibre], [{ indicator: '光纤入户率', value: 80, on: '2018-03-31' }], '2018-03-31')).toEqual([]);
  });

  it('finds an indicator below the straight line from its baseline to the target', () => {
    // Baseline 80% on 2018-03-31, target 98% on 2019-12-31: 2018-12-31 is 275 of 640 days along, so 80 + 18 × 275/640 = 87.73%.
    const readings = [
      { indicator: '光纤入户率', value: 80, on: '2018-03-31' },
      { indicator: '光纤入户率', value: 85, on: '2018-12-31' },
    ];
    const [shortfall] = behindExpectedProgress([fibre], readings, '2018-12-31');
    expect(shortfall).toMatchObject({ indicator: '光纤入户率', actual: 85, target: 98, year: 2019, unit: '%' });
    expect(shortfall.expected).toBe(87.73);
  });

  it('is satisfied by a value on or above the line, and uses min for "at least" targets', () => {
    const readings = [
      { indicator: '4K节目', value: 500, on: '2018-03-31' },
      { indicator: '4K节目', value: 1800, on: '2018-12-31' },
      { indicator: '光纤入户率', value: 80, on: '2018-03-31' },
      { indicator: '光纤入户率', value: 92, on: '2018-12-31' },
    ];
    expect(behindExpectedProgress([fibre, shows], readings, '2018-12-31')).toEqual([]);
  });

  it('does not judge targets without a year or already past their year', () => {
    const readings = [
      { indicator: '光纤入户率', value: 80, on: '2018-03-31' },
      { indicator: '光纤入户率', value: 81, on: '2020-03-31' },
    ];
    expect(behindExpectedProgress([{ ...fibre, year: null }], readings, '2018-12-31')).toEqual([]);
    expect(behindExpectedProgress([fibre], readings, '2020-03-31')).toEqual([]);
  });
});
