import { diffPlan, type ComparableItem } from './plan-diff';
import type { ParsedPlanDocument } from './plan-import.types';

const item = (code: string, over: Partial<ComparableItem> = {}): ComparableItem => ({
  code,
  title: `任务${code}`,
  body: '正文',
  leadUnits: ['市工业和信息化委'],
  coUnits: ['各区政府'],
  deadlines: [{ date: '2021-12-31' }],
  ...over,
});

const revised = (items: ComparableItem[]): ParsedPlanDocument => ({
  plan: { title: '方案', docNumber: null, issuer: null, issuedOn: null },
  targets: [],
  items: items.map((i) => ({ ...i, section: 'task', number: '（一）', targets: [], deadlines: i.deadlines.map((d) => ({ ...d, text: '', confirm: false })) })),
});

describe('diffPlan', () => {
  it('finds added, removed, changed and unchanged items by code', () => {
    const diff = diffPlan(
      [item('T01'), item('T02'), item('T03')],
      revised([item('T01'), item('T02', { coUnits: ['各区政府', '市财政局'], deadlines: [{ date: '2022-06-30' }] }), item('T04')]),
    );
    expect(diff.added).toEqual([{ code: 'T04', title: '任务T04' }]);
    expect(diff.removed).toEqual([{ code: 'T03', title: '任务T03' }]);
    expect(diff.unchanged).toBe(1);
    expect(diff.changed).toEqual([
      {
        code: 'T02',
        title: '任务T02',
        changes: [
          { field: 'coUnits', before: ['各区政府'], after: ['各区政府', '市财政局'] },
          { field: 'deadlines', before: ['2021-12-31'], after: ['2022-06-30'] },
        ],
      },
    ]);
  });

  it('reports nothing for the same items', () => {
    expect(diffPlan([item('T01')], revised([item('T01')]))).toEqual({ added: [], removed: [], changed: [], unchanged: 1 });
  });
});
