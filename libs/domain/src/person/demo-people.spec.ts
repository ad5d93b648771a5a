import { formatDemoPeople } from './demo-people';

describe('formatDemoPeople', () => {
  it('prints the demo people grouped by office and unit, in the order of the file', () => {
    const text = formatDemoPeople([
      { username: 'supervisor', role: 'supervisor', unit: '市工业和信息化委', password: 'p0', office: '工作小组办公室' },
      { username: 'leader', role: 'leader', unit: null, password: 'p1' },
      { username: 'tianhe-reporter', role: 'reporter', unit: '天河区政府', password: 'p2' },
      { username: 'gxw-reporter', role: 'reporter', unit: '市工业和信息化委', password: 'p3' },
      { username: 'tianhe-head', role: 'unit-head', unit: '天河区政府', password: 'p4' },
    ]);
    const lines = text.split('\n').map((l) => l.trim().split(/\s+/));
    expect(lines).toEqual([
      ['督查室', '工作小组办公室（市工业和信息化委）'],
      ['supervisor', 'supervisor', 'p0'],
      ['（市领导', '/', '管理员）'],
      ['leader', 'leader', 'p1'],
      ['天河区政府'],
      ['tianhe-reporter', 'reporter', 'p2'],
      ['tianhe-head', 'unit-head', 'p4'],
      ['市工业和信息化委'],
      ['gxw-reporter', 'reporter', 'p3'],
    ]);
  });
});
