import { DEFAULT_POLICY, KEY_ITEM_POLICY } from './policy';
import { policyProblem } from './policy-validation';

describe('policyProblem', () => {
  it('accepts the default and key-item policies', () => {
    expect(policyProblem(DEFAULT_POLICY)).toBeNull();
    expect(policyProblem(KEY_ITEM_POLICY)).toBeNull();
  });

  it.each([
    [null, 'policy: required'],
    [{ ...DEFAULT_POLICY, frequency: 'weekly' }, 'policy.frequency'],
    [{ ...DEFAULT_POLICY, dueWorkingDays: -1 }, 'policy.dueWorkingDays'],
    [{ ...DEFAULT_POLICY, dueWorkingDays: 2.5 }, 'policy.dueWorkingDays'],
    [{ ...DEFAULT_POLICY, reminderWorkingDaysBeforeDue: [2, 'x'] }, 'policy.reminderWorkingDaysBeforeDue'],
    [{ ...DEFAULT_POLICY, ladder: { levels: [], repeatEveryWorkingDays: 5 } }, 'policy.ladder.levels'],
    [{ ...DEFAULT_POLICY, ladder: { ...DEFAULT_POLICY.ladder, repeatEveryWorkingDays: 0 } }, 'policy.ladder.repeatEveryWorkingDays'],
    [
      {
        ...DEFAULT_POLICY,
        ladder: { ...DEFAULT_POLICY.ladder, levels: [{ afterWorkingDays: 0, recipients: ['mayor'], notice: 'blue', listInBulletin: false }] },
      },
      'recipients',
    ],
    [
      {
        ...DEFAULT_POLICY,
        ladder: { ...DEFAULT_POLICY.ladder, levels: [{ afterWorkingDays: 0, recipients: ['leader'], notice: 'green', listInBulletin: false }] },
      },
      'notice',
    ],
  ])('names what is wrong in %j', (policy, field) => {
    expect(policyProblem(policy)).toContain(field);
  });
});
