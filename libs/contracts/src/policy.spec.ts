import { DEFAULT_POLICY, KEY_ITEM_POLICY } from './policy';
import { itemWorkflowId } from './supervision';

describe('supervision contracts', () => {
  it('derives the workflow id from the plan and item codes only, so activation can be repeated safely', () => {
    expect(itemWorkflowId('P2017-ae4ba5', 'T01')).toBe('item:P2017-ae4ba5:T01');
    expect(itemWorkflowId('P2017-ae4ba5', 'T01')).toBe(itemWorkflowId('P2017-ae4ba5', 'T01'));
  });

  it('defaults to quarterly reports due 5 working days after the period, with a blue → yellow → red ladder', () => {
    expect(DEFAULT_POLICY).toMatchObject({ frequency: 'quarterly', dueWorkingDays: 5, resubmitWorkingDays: 3 });
    expect(DEFAULT_POLICY.ladder.levels.map((l) => [l.afterWorkingDays, l.notice])).toEqual([
      [0, 'blue'],
      [3, 'yellow'],
      [5, 'red'],
    ]);
    expect(DEFAULT_POLICY.ladder.levels.at(-1)?.recipients).toEqual(['leader']);
  });

  it('gives key items (重点督办) monthly reports due in 3 working days and a 0 / +1 / +2 ladder', () => {
    expect(KEY_ITEM_POLICY).toMatchObject({ frequency: 'monthly', dueWorkingDays: 3 });
    expect(KEY_ITEM_POLICY.ladder.levels.map((l) => l.afterWorkingDays)).toEqual([0, 1, 2]);
  });
});
