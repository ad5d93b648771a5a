import { planCode } from './plan.service';

describe('planCode', () => {
  it('is ASCII, carries the year of the document number, and is stable across imports', () => {
    const code = planCode('穗府办函〔2017〕324号');
    expect(code).toMatch(/^P2017-[0-9a-f]{6}$/);
    expect(planCode('穗府办函〔2017〕324号')).toBe(code);
  });

  it('tells two documents of the same year apart', () => {
    expect(planCode('穗府办函〔2017〕324号')).not.toBe(planCode('穗府办函〔2017〕325号'));
  });

  it('falls back to the title when there is no document number or year', () => {
    expect(planCode('某区重点工作任务分工方案')).toMatch(/^Pplan-[0-9a-f]{6}$/);
  });
});
