import * as fs from 'fs';
import * as path from 'path';
import { parsePlan } from './parse-plan';
import { ParsedPlan } from './plan.types';

function fixture(name: string): ParsedPlan {
  return parsePlan(fs.readFileSync(path.join(__dirname, '__fixtures__', name)), { fileName: name });
}

/** The columns a supervisor's assignment sheet has: code, number, lead units, cooperating units. */
function sheet(plan: ParsedPlan): Array<[string, string, string[], string[]]> {
  return plan.items.map((item) => [item.code, item.number, item.leadUnits, item.coUnits]);
}

describe('a 区 工作要点: 1. items with 责任单位/牵头单位/配合单位/完成时限 lines, （1） sub-points, 工作要求 as （一）', () => {
  const plan = fixture('district-work-points-2024.txt');

  it('reads the title and the signature at the end', () => {
    expect(plan.plan).toEqual({ title: '广州市黄埔区2024年数字经济工作要点', docNumber: null, issuer: '广州市黄埔区人民政府办公室', issuedOn: '2024-02-20' });
  });

  it('lists every 责任单位 as responsible when the document names no lead among them', () => {
    expect(sheet(plan)).toEqual([
      ['T01', '1.', ['区工业和信息化局', '区住房城乡建设局', '各街道办事处'], []],
      ['T02', '2.', ['区发展改革局'], ['区工业和信息化局', '区科技局']],
      ['T03', '3.', ['区工业和信息化局'], []],
      ['T04', '4.', ['区科技局', '区商务局'], []],
      ['S01', '（一）', [], []],
      ['S02', '（二）', [], []],
    ]);
  });

  it('reads 完成时限 and phrases without a year in the plan year', () => {
    expect(plan.items.map((i) => i.deadlines)).toEqual([
      [{ date: '2024-12-31', text: '2024年12月底前', confirm: false }],
      [{ date: '2024-10-31', text: '2024年10月底', confirm: false }],
      [{ date: '2024-12-31', text: '年底前', confirm: false }],
      [
        { date: '2024-06-30', text: '2024年6月底前', confirm: false },
        { date: '2024-03-15', text: '2024年3月15日前', confirm: false },
      ],
      [],
      [],
    ]);
  });

  it('keeps sub-points in the body and takes the target, not its qualifier', () => {
    expect(plan.items[3].body).toBe(
      '（1）完善中新广州知识城软件园配套设施，6月底前完成一期招商。\n（2）组织开展软件产业政策宣讲，2024年3月15日前完成首场宣讲。',
    );
    expect(plan.items[2].targets).toEqual([expect.objectContaining({ year: 2024, indicator: '营业收入超10亿元的数字经济企业', min: 5, unit: '家' })]);
    expect(plan.items[0].targets).toEqual([expect.objectContaining({ indicator: '新建5G基站', min: 1500, unit: '座' })]);
    // 5个工作日内 is a reporting interval, not a target.
    expect(plan.items[4].targets).toEqual([]);
  });
});

describe('a 任务分工方案 laid out as a table, with 列第一位的为牵头单位', () => {
  const plan = fixture('task-division-table.txt');

  it('makes the first listed unit the lead and the rest cooperating units', () => {
    expect(sheet(plan)).toEqual([
      ['T01', '1.', ['市市场监管局'], ['市政务服务数据管理局', '市公安局', '市税务局']],
      ['T02', '2.', ['市市场监管局'], ['市司法局', '各区政府']],
      ['T03', '3.', ['市政务服务数据管理局'], ['市发展改革委', '各区政府']],
      ['T04', '4.', ['市住房城乡建设局'], ['市规划和自然资源局', '市水务局']],
    ]);
  });

  it('reads the 完成时限 column; 长期坚持 sets no date', () => {
    expect(plan.items.map((i) => i.deadlines.map((d) => d.date))).toEqual([['2024-06-30'], ['2024-09-30'], ['2024-12-31'], []]);
    expect(plan.items[2].targets).toEqual([expect.objectContaining({ indicator: '新增“跨省通办”事项', min: 50, unit: '项' })]);
    expect(plan.plan.title).toBe('广州市优化营商环境重点改革任务分工方案');
  });
});

describe('a traditional-character 行动方案 with 〔责任单位：…〕', () => {
  const plan = fixture('traditional-action-plan.txt');

  it('converts to simplified and reads the items', () => {
    expect(plan.plan.title).toBe('广州市南沙区推进跨境电子商务高质量发展行动方案（2023—2025年）');
    expect(sheet(plan)).toEqual([
      ['T01', '（一）', ['区商务局', '区投资促进局', '南沙海关'], []],
      ['T02', '（二）', ['区商务局'], ['区财政局']],
      ['T03', '（三）', ['区人力资源社会保障局', '区教育局'], []],
      ['S01', '（一）', ['区商务局'], []],
      ['S02', '（二）', ['区财政局', '区商务局'], []],
    ]);
    expect(plan.items[0].title).toBe('完善跨境电商产业园区布局');
  });

  it('reads the 工作目标 targets and item deadlines', () => {
    expect(plan.targets).toEqual([
      expect.objectContaining({ year: 2025, indicator: '跨境电商进出口额', min: 500, unit: '亿元' }),
      expect.objectContaining({ year: 2025, indicator: '跨境电商龙头企业', min: 20, unit: '家' }),
      expect.objectContaining({ year: 2025, indicator: '海外仓', value: 30, unit: '个' }),
    ]);
    expect(plan.items[0].deadlines).toEqual([{ date: '2024-12-31', text: '到2024年底', confirm: false }]);
    expect(plan.items[0].targets).toEqual([expect.objectContaining({ year: 2024, indicator: '跨境电商产业园', min: 3 })]);
    expect(plan.items[4].deadlines).toEqual([{ date: '2025-06-30', text: '2025年6月底前', confirm: false }]);
  });
});

describe('a 实施方案 copied from a web page, responsibility in prose (X牵头，Y按职责分工负责 / Y配合)', () => {
  const plan = fixture('prose-implementation-plan.txt');

  it('drops the page chrome and reads the notice metadata', () => {
    expect(plan.plan).toEqual({
      title: '越秀区老旧小区改造提升工作实施方案',
      docNumber: '越府办〔2023〕12号',
      issuer: '越秀区人民政府办公室',
      issuedOn: '2023-08-10',
    });
  });

  it('reads leads and cooperating units from the prose, 组织保障 as safeguards', () => {
    expect(sheet(plan)).toEqual([
      ['T01', '1.', ['区住房城乡建设局'], ['区规划和自然资源分局', '各街道办事处']],
      ['T02', '2.', ['区住房城乡建设局'], ['区发展改革局', '区财政局']],
      ['T03', '3.', ['区工业和信息化局'], ['越秀供电局', '区城市管理综合执法局']],
      ['S01', '1.', ['区住房城乡建设局'], []],
      ['S02', '2.', ['区财政局'], ['各街道办事处']],
    ]);
    expect(plan.items[0].body).toBe('对2000年底前建成的老旧小区开展全面摸查，建立改造项目库，实行动态管理。');
  });

  it('does not take 2000年底前建成的 for a deadline', () => {
    expect(plan.items.map((i) => i.deadlines.map((d) => d.date))).toEqual([[], ['2025-12-31'], ['2024-06-30'], [], []]);
    expect(plan.items[1].targets).toEqual([expect.objectContaining({ year: 2025, indicator: '加装电梯', value: 200, unit: '台' })]);
  });
});

describe('a plan with a single list of （1） items and 排在第一位的为牵头单位', () => {
  const plan = fixture('single-list-work-plan.txt');

  it('codes every item as a task', () => {
    expect(sheet(plan)).toEqual([
      ['T01', '（1）', ['区林业和园林局'], ['区公安分局', '各镇政府']],
      ['T02', '（2）', ['区林业和园林局'], ['从化供电局']],
      ['T03', '（3）', ['区应急管理局'], ['区林业和园林局', '区财政局']],
      ['T04', '（4）', ['区委宣传部'], ['区林业和园林局', '各镇政府']],
    ]);
    expect(plan.items[1].deadlines).toEqual([{ date: '2024-03-31', text: '3月31日前', confirm: false }]);
    expect(plan.items[2].targets).toEqual([expect.objectContaining({ year: 2024, indicator: '队员', min: 60, unit: '人' })]);
  });
});

describe('a task group （一） with items 1. 2. beside （二） that is an item itself', () => {
  const text = [
    '某区关于落实减税降费政策的工作方案',
    '一、工作任务',
    '（一）全面落实减税政策。重点减轻小微企业负担。',
    '1.落实增值税改革措施。及时宣传、解读。',
    '责任单位：区税务局',
    '配合单位：区财金局',
    '2.落实个人所得税改革措施。做好征管衔接。',
    '责任单位：区税务局',
    '（二）落实降费措施。清理规范收费项目。',
    '责任单位：区税务局、财金局、经发局',
    '二、保障措施',
    '（一）加强协作。各部门密切配合。',
  ].join('\n');
  const plan = parsePlan(Buffer.from(text), { fileName: 'group-beside-item.txt' });

  it('keeps the group out and its sibling that names its units in, in reading order', () => {
    expect(sheet(plan)).toEqual([
      ['T01', '1.', ['区税务局'], ['区财金局']],
      ['T02', '2.', ['区税务局'], []],
      ['T03', '（二）', ['区税务局', '区财金局', '区经发局'], []],
      ['S01', '（一）', [], []],
    ]);
  });
});
