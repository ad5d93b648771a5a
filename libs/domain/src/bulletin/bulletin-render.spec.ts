import ExcelJS from 'exceljs';
import type { Bulletin } from './bulletin.service';
import { renderBulletinHtml, renderBulletinXlsx } from './bulletin-render';

const bulletin: Bulletin = {
  plan: { id: 'p', code: 'P2017-abc123', title: '<script>alert(1)</script>合作方案' },
  periodKey: '2026Q2',
  generatedAt: '2026-11-27T05:00:00.000Z',
  due: 2,
  onTime: 1,
  late: 1,
  onTimeRate: 0.5,
  onTimeUnits: [
    {
      unitId: 'u1',
      unitName: '市工业和信息化委',
      items: [{ itemCode: 'T01', itemTitle: '建设节点', dueOn: '2026-07-15', submittedOn: '2026-07-10', periodState: 'approved' }],
    },
  ],
  lateUnits: [
    { unitId: 'u2', unitName: '市发展改革委', items: [{ itemCode: 'T03', itemTitle: '储备库', dueOn: '2026-07-15', submittedOn: null, periodState: 'open' }] },
  ],
  escalatedItems: [{ itemId: 'i3', itemCode: 'T03', itemTitle: '储备库', unitName: '市发展改革委', reason: 'escalation', level: 2 }],
  targets: [
    { itemId: 'i1', itemCode: 'T01', indicator: '标识解析节点', unit: '个', year: 2026, goal: 10, latestValue: 5, latestPeriodKey: '2026Q2', progress: 0.5 },
  ],
  lines: [],
};

describe('bulletin rendering', () => {
  it('writes the zh-CN HTML with escaped text, the sections, the 1-based escalation level and percentages', () => {
    const html = renderBulletinHtml(bulletin);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;合作方案 2026Q2 督办情况通报');
    expect(html).toContain('按时报送率 50.0%');
    expect(html).toContain('<td>市发展改革委</td><td>T03</td>');
    expect(html).toContain('已升级至第 3 级');
    expect(html).toContain('<td>5个</td><td>50.0%</td>');
  });

  it('gives the time it was generated in Asia/Shanghai, not UTC', async () => {
    expect(renderBulletinHtml(bulletin)).toContain('生成时间：2026-11-27 13:00（北京时间）');
    expect(renderBulletinHtml({ ...bulletin, generatedAt: '2026-12-01T18:32:51.689Z' }, 'en')).toContain('Generated 2026-12-02 02:32 (Beijing time)');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderBulletinXlsx(bulletin)) as unknown as ArrayBuffer);
    expect(String(workbook.getWorksheet('通报')?.getRow(2).getCell(1).value)).toBe('生成时间：2026-11-27 13:00（北京时间）');
  });

  it('says "none" for an empty section and speaks English when asked', () => {
    const html = renderBulletinHtml({ ...bulletin, escalatedItems: [] }, 'en');
    expect(html).toContain('<h2>3. Escalated items</h2>\n<p>None</p>');
  });

  it('writes a workbook with one sheet carrying the same content', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderBulletinXlsx(bulletin)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('通报');
    const rows: string[] = [];
    sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map(String).join('|')));
    expect(rows[0]).toContain('督办情况通报');
    expect(rows).toContain('市工业和信息化委|T01|建设节点|2026-07-15|2026-07-10|已通过');
    expect(rows).toContain('市发展改革委|T03|储备库|2026-07-15|未报送|待报送');
    expect(rows).toContain('T03|储备库|市发展改革委|已升级至第 3 级');
  });
});
