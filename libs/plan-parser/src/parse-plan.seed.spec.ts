import * as fs from 'fs';
import * as path from 'path';
import { parsePlan } from './parse-plan';
import { ParsedPlan, PlanItem } from './plan.types';

const SEED = path.join(__dirname, '../../../seeds/guangzhou-miit-cooperation-plan-2017.txt');
const LEAD = '市工业和信息化委';

/** What a supervisor lists for each item: [code, number, title, leadUnits, coUnits]. */
const EXPECTED_ITEMS: Array<[string, string, string, string[], string[]]> = [
  ['T01', '（一）', '创建国家互联网创业创新示范区', [LEAD], ['市发展改革委', '市科技创新委', '市国土规划委', '各区政府']],
  ['T02', '（二）', '推进工业互联网发展', [LEAD], ['市发展改革委', '市科技创新委', '市质监局', '各区政府']],
  ['T03', '（三）', '打造新一代物联网智慧城市应用示范区', [LEAD], ['市发展改革委', '市科技创新委', '市公安局', '市住房城乡建设委', '各有关区政府']],
  [
    'T04',
    '（四）',
    '打造基于宽带移动互联网智能网联汽车与智慧交通应用示范区',
    [LEAD],
    ['市发展改革委', '市科技创新委', '市公安局', '市交委', '市质监局', '各有关区政府'],
  ],
  ['T05', '（五）', '创建国家智能制造示范区', [LEAD], ['市发展改革委', '市科技创新委', '各区政府']],
  ['T06', '（六）', '创建国家级制造业创新中心', [LEAD], ['市科技创新委', '各区政府']],
  ['T07', '（七）', '建设制造业与互联网融合发展示范城市', [LEAD], ['市发展改革委', '市科技创新委', '市质监局', '各区政府']],
  ['T08', '（八）', '创建国家军民融合创新示范区', [LEAD], ['市发展改革委', '市科技创新委', '市教育局', '市国资委', '各有关区政府']],
  ['T09', '（九）', '推进4K电视网络应用与产业发展', [LEAD], ['市委宣传部', '市文化广电新闻出版局', '市科技创新委', '市财政局', '各区政府']],
  ['T10', '（十）', '创建“互联网+”小镇', [LEAD], ['市发展改革委', '市科技创新委', '市国土规划委', '市住房城乡建设委', '各“互联网+”小镇所在区政府']],
  ['T11', '（十一）', '推进国家级大型骨干企业双创示范区建设', [LEAD], ['市发展改革委', '市科技创新委', '市质监局', '各区政府']],
  ['T12', '（十二）', '创建国家大数据产业集聚区', [LEAD], ['市发展改革委', '市科技创新委', '市卫生计生委', '市金融局', '各区政府']],
  ['T13', '（十三）', '推进国产自主可控系统应用研究与示范工程', [LEAD], ['各区政府']],
  ['S01', '（一）', '加强组织领导', [LEAD], ['市相关部门', '各区政府']],
  ['S02', '（二）', '加大政策扶持', [LEAD, '市发展改革委', '市科技创新委', '市国土规划委'], ['市财政局', '各区政府']],
  ['S03', '（三）', '推动试点示范', [LEAD], ['市科技创新委', '各区政府']],
  ['S04', '（四）', '强化督查督办', [LEAD], ['各区政府']],
];

describe('parsePlan on the Guangzhou seed plan', () => {
  let parsed: ParsedPlan;
  const item = (code: string): PlanItem => {
    const found = parsed.items.find((i) => i.code === code);
    if (!found) throw new Error(`no item ${code}`);
    return found;
  };

  beforeAll(() => {
    parsed = parsePlan(fs.readFileSync(SEED), { fileName: 'guangzhou-miit-cooperation-plan-2017.txt' });
  });

  it('reads the metadata from the notice, not from the web page around it', () => {
    expect(parsed.plan).toEqual({
      title: '广州市落实《工业和信息化部 广东省人民政府合作框架协议》实施方案',
      docNumber: '穗府办函〔2017〕324号',
      issuer: '广州市人民政府办公厅',
      issuedOn: '2017-12-28',
    });
  });

  it('yields 13 main tasks and 4 safeguard measures in document order', () => {
    expect(parsed.items.map((i) => i.code)).toEqual(EXPECTED_ITEMS.map(([code]) => code));
    expect(parsed.items.filter((i) => i.section === 'task')).toHaveLength(13);
    expect(parsed.items.filter((i) => i.section === 'safeguard')).toHaveLength(4);
  });

  it.each(EXPECTED_ITEMS)('%s %s %s: lead and cooperating units as a supervisor lists them', (code, number, title, leadUnits, coUnits) => {
    expect(item(code)).toMatchObject({ number, title, leadUnits, coUnits });
  });

  it('keeps the body without the responsibility clause', () => {
    expect(item('T13').body).toBe(
      '推进“基于国产CPU/OS(中央处理器/操作系统)的地方政府部门办公信息系统应用研究及示范工程”建设。组织自主可控产业的相关企业建立安全可靠软硬件产品应用领域的标准规范,引导安全可靠自主可控软硬件厂商在穗落地,建立本地化服务体系。',
    );
    expect(parsed.items.every((i) => !/牵头单位|配合单位/.test(i.body))).toBe(true);
  });

  it('reads deadlines as dates, flagging 2021年前 for confirmation', () => {
    expect(item('T09').deadlines).toEqual([{ date: '2019-12-31', text: '到2019年底', confirm: false }]);
    expect(item('T05').deadlines).toEqual([{ date: '2021-12-31', text: '到2021年', confirm: false }]);
    expect(item('T01').deadlines).toEqual([{ date: '2021-12-31', text: '2021年前', confirm: true }]);
    expect(item('T04').deadlines).toEqual([{ date: '2020-12-31', text: '至2020年', confirm: false }]);
    expect(item('T07').deadlines).toEqual([{ date: '2021-12-31', text: '到2021年', confirm: false }]);
    expect(item('T10').deadlines).toEqual([{ date: '2020-12-31', text: '到2020年', confirm: false }]);
    expect(item('T12').deadlines).toEqual([{ date: '2021-12-31', text: '2021年前', confirm: true }]);
    expect(item('T02').deadlines).toEqual([]);
    expect(item('S04').deadlines).toEqual([]);
  });

  it('reads the 2018 and 2021 plan targets, splitting 分别达 into one target per subject', () => {
    const pick = (year: number) =>
      parsed.targets.filter((t) => t.year === year).map(({ indicator, value, min, max, unit }) => ({ indicator, value, min, max, unit }));
    expect(pick(2018)).toEqual([
      { indicator: '省级制造业创新中心', min: 2, max: 3, unit: '个' },
      { indicator: '机器人制造产业基地', min: 1, max: 2, unit: '个' },
      { indicator: '大数据产业园', value: 3, unit: '个' },
      { indicator: '国家级两化融合贯标试点企业', value: 70, unit: '家' },
      { indicator: '省级两化融合贯标试点企业', value: 240, unit: '家' },
      { indicator: '省级“双创”示范大企业', value: 5, unit: '家' },
      { indicator: '省级“互联网+”创建小镇', value: 7, unit: '个' },
      { indicator: '4K电视用户', value: 100, unit: '万户' },
    ]);
    expect(pick(2021)).toEqual([
      { indicator: '省级制造业创新中心', value: 1, unit: '批' },
      { indicator: '省级智能制造示范基地', value: 1, unit: '个' },
      { indicator: '省级大数据产业园', value: 5, unit: '个' },
      { indicator: '国家级两化融合贯标试点企业', value: 130, unit: '家' },
      { indicator: '省级两化融合贯标试点企业', value: 380, unit: '家' },
      { indicator: '省级“双创”示范大企业', value: 10, unit: '家' },
      { indicator: '省级“互联网+”创建小镇', value: 10, unit: '个' },
      { indicator: '4K电视用户', value: 300, unit: '万户' },
    ]);
    expect(parsed.targets.find((t) => t.value === 100)?.text).toBe('4K电视用户达100万户');
    expect(parsed.targets).toHaveLength(16);
  });

  it('reads item targets with the year of their 到…年 phrase', () => {
    expect(item('T05').targets).toEqual([
      expect.objectContaining({ year: 2021, indicator: '机器人制造及集成骨干企业', min: 10, unit: '家' }),
      expect.objectContaining({ year: 2021, indicator: '产值超100亿元的智能制造产业基地', min: 2, unit: '个' }),
    ]);
    expect(item('T09').targets).toEqual([
      { year: 2019, indicator: '光纤入户率', value: 98, unit: '%', text: '全市光纤入户率达98%' },
      { year: 2019, indicator: '4K应用示范社区', min: 16, unit: '个', text: '16个以上4K应用示范社区' },
      { year: 2019, indicator: '4K节目', min: 2500, unit: '小时', text: '超过2500小时的4K节目' },
    ]);
    expect(item('T12').targets).toEqual([
      expect.objectContaining({ year: 2021, indicator: '大数据龙头企业', min: 2, max: 3, unit: '家' }),
      expect.objectContaining({ year: 2021, indicator: '大数据服务、产品制造和应用骨干企业', min: 50, unit: '家' }),
    ]);
    expect(item('T01').targets).toEqual([expect.objectContaining({ year: 2021, indicator: '互联网特色小镇', value: 10 })]);
    expect(item('T02').targets).toEqual([expect.objectContaining({ year: null, indicator: '工业互联网行业应用示范工程', value: 5 })]);
    // 5G and 4K are names, not quantities.
    expect(item('T03').targets).toEqual([]);
  });

  it('gives the same result for a string as for bytes', () => {
    expect(parsePlan(fs.readFileSync(SEED, 'utf8'))).toEqual(parsed);
  });
});
