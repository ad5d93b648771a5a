/**
 * A generated plan with the seed's shape — main tasks and safeguard measures, each led by 市工业和信息化委
 * with cooperating units, dated deadlines and yearly targets — written as a hand-written plan (JSON is YAML).
 * Item codes allow 999 tasks and 999 safeguards per plan, so bigger runs use several plans.
 */
export const MAX_ITEMS_PER_PLAN = 1998;

export function syntheticPlan(items: number, docNumber: string): { fileName: string; content: string } {
  if (items < 1 || items > MAX_ITEMS_PER_PLAN) throw new Error(`a plan holds 1 to ${MAX_ITEMS_PER_PLAN} items`);
  const tasks = Math.min(items, 999);
  const plan = {
    plan: { title: `压力测试实施方案（${docNumber}）`, docNumber, issuer: '广州市人民政府办公厅', issuedOn: '2017-12-28' },
    targets: [{ year: 2018, indicator: '省级制造业创新中心', min: 2, max: 3, unit: '个', text: '全市建成省级制造业创新中心2—3个' }],
    items: Array.from({ length: items }, (_, i) => {
      const task = i < tasks;
      const n = task ? i + 1 : i - tasks + 1;
      return {
        code: `${task ? 'T' : 'S'}${String(n).padStart(3, '0')}`,
        section: task ? 'task' : 'safeguard',
        number: String(n),
        title: `${task ? '推进' : '保障'}第${n}项重点工作`,
        body: `到2018年，完成第${n}项工作的阶段目标；到2021年，全面完成。`,
        leadUnits: ['市工业和信息化委'],
        coUnits: ['市发展改革委', '市科技创新委'],
        deadlines: [{ date: '2018-12-31', text: '2018年底前', confirm: false }],
        targets: [{ year: 2018, indicator: `指标${n}`, value: 90 + (n % 10), unit: '%', text: `指标${n}达到${90 + (n % 10)}%` }],
      };
    }),
  };
  return { fileName: `${docNumber}.yaml`, content: JSON.stringify(plan, null, 1) };
}
