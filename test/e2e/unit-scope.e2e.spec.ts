import { randomBytes } from 'node:crypto';
import { addCalendarDays, periodBounds, periodKeyFor } from '@duban/calendar';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';

const tag = randomBytes(3).toString('hex');
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
/** A quarter long overdue, so that the item is escalated at once and has notices to read. */
const lateQuarter = periodKeyFor(addCalendarDays(periodBounds(periodKeyFor(today, 'quarterly')).start, -100), 'quarterly');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Issue 11, item 5: reporters and unit heads read only the items their unit leads or cooperates on. */
describe('reads scoped to the unit’s duties', () => {
  let supervisor: string;
  let lead: string; // gxw-reporter: the lead unit's reporter
  let leadHead: string;
  let co: string; // fgw-reporter: a cooperating unit's reporter
  let outsiders: Array<[string, string]>; // a district's reporter and head: their unit has no duty in the plan
  let planId: string;
  let itemId: string;
  let reportId: string;
  let escalationId: string;
  let attachmentId: string;
  let gxwUnitId: string;

  beforeAll(async () => {
    let admin: string, yuexiuReporter: string, yuexiuHead: string;
    [supervisor, lead, leadHead, co, yuexiuReporter, yuexiuHead, admin] = await Promise.all(
      ['supervisor', 'gxw-reporter', 'gxw-head', 'fgw-reporter', 'yuexiu-reporter', 'yuexiu-head', 'sysadmin'].map(signIn),
    );
    outsiders = [
      ['yuexiu-reporter', yuexiuReporter],
      ['yuexiu-head', yuexiuHead],
    ];
    const units = (await api('GET', '/admin/units', { token: admin })).body as Array<{ id: string; name: string }>;
    gxwUnitId = (units.find((u) => u.name === '市工业和信息化委') as { id: string }).id;

    const content = [
      'plan:',
      `  title: 单位范围测试${tag}`,
      `  docNumber: 督办测试〔2026〕范围${tag}号`,
      'items:',
      '  - code: T01',
      '    section: task',
      '    title: 单位范围测试事项',
      '    leadUnits: [市工业和信息化委]',
      '    coUnits: [市发展改革委]',
      '    targets:',
      '      - { indicator: 完成率, value: 100, unit: "%", year: 2027 }',
    ].join('\n');
    const imported = await api('POST', '/plans/import', { token: supervisor, body: { fileName: `unit-scope-${tag}.yaml`, content } });
    expect(imported.status).toBe(201);
    planId = imported.body.planId;
    const activated = await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: { startOn: periodBounds(lateQuarter).start } });
    expect(activated.status).toBe(200);
    [{ id: itemId }] = (await api('GET', `/plans/${planId}/items`, { token: supervisor })).body;

    const [escalation] = await eventually('the overdue item to be escalated', async () => {
      const res = await api('GET', `/items/${itemId}/escalations`, { token: supervisor });
      return res.body.length ? res.body : undefined;
    });
    escalationId = escalation.id;
    const submitted = await eventually('the lead unit’s report', async () => {
      const res = await api('POST', `/items/${itemId}/reports`, {
        token: lead,
        body: { periodKey: lateQuarter, narrative: '按计划推进。', indicatorValues: [] },
      });
      return res.status === 404 || res.status === 409 ? undefined : res;
    });
    expect(submitted.status).toBe(201);
    reportId = submitted.body.reportId;
    const form = new FormData();
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), '进展说明.pdf');
    const added = await fetch(`${testEnvironment().apiUrl}/reports/${reportId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lead}` },
      body: form,
    });
    expect(added.status).toBe(201);
    attachmentId = ((await added.json()) as { id: string }).id;
  });

  const itemReads = () => [
    `/items/${itemId}`,
    `/items/${itemId}/state`,
    `/items/${itemId}/periods`,
    `/items/${itemId}/extensions`,
    `/items/${itemId}/closures`,
    `/items/${itemId}/escalations`,
    `/escalations/${escalationId}/notices`,
    `/reports/${reportId}`,
    `/reports/${reportId}/contributions`,
    `/reports/${reportId}/attachments`,
    `/attachments/${attachmentId}`,
    `/plans/${planId}/items`,
    `/plans/${planId}/source`,
    `/plans/${planId}/export.yaml`,
  ];
  const unitReads = () => [`/units/${gxwUnitId}/schedule`, `/units/${gxwUnitId}/calendar.ics`];

  it('answers 404 to a reporter or head whose unit has no part in the item, plan or schedule', async () => {
    for (const [who, token] of outsiders) {
      for (const path of [...itemReads(), ...unitReads()]) {
        const res = await api('GET', path, { token });
        expect({ who, path, status: res.status }).toEqual({ who, path, status: 404 });
      }
    }
  });

  it('answers the lead unit’s reporter and head, and a cooperating unit’s reporter, on their item', async () => {
    for (const [who, token] of [
      ['gxw-reporter', lead],
      ['gxw-head', leadHead],
      ['fgw-reporter', co],
    ] as Array<[string, string]>) {
      for (const path of itemReads()) {
        const res = await api('GET', path, { token });
        expect({ who, path, status: res.status }).toEqual({ who, path, status: 200 });
      }
    }
    for (const path of unitReads()) {
      const res = await api('GET', path, { token: lead });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
  });

  it('lists only the items of a plan the unit takes part in', async () => {
    const second = [
      'plan:',
      `  title: 单位范围测试二${tag}`,
      `  docNumber: 督办测试〔2026〕范围二${tag}号`,
      'items:',
      '  - { code: T01, section: task, title: 工信牵头事项, leadUnits: [市工业和信息化委] }',
      '  - { code: T02, section: task, title: 越秀区牵头事项, leadUnits: [越秀区政府] }',
    ].join('\n');
    const imported = await api('POST', '/plans/import', { token: supervisor, body: { fileName: `unit-scope-2-${tag}.yaml`, content: second } });
    expect(imported.status).toBe(201);
    const secondPlan = imported.body.planId as string;
    expect((await api('POST', `/plans/${secondPlan}/activate`, { token: supervisor, body: {} })).status).toBe(200);
    const codes = async (token: string) =>
      ((await api('GET', `/plans/${secondPlan}/items`, { token })).body as Array<{ code: string }>).map((i) => i.code).sort();
    expect(await codes(supervisor)).toEqual(['T01', 'T02']);
    expect(await codes(lead)).toEqual(['T01']);
    expect(await codes(outsiders[0][1])).toEqual(['T02']);
    expect((await api('GET', `/plans/${secondPlan}/items`, { token: co })).status).toBe(404);
  });

  it('still answers supervisors, and never a 500 for an unknown id', async () => {
    for (const path of [...itemReads(), ...unitReads()]) {
      expect({ path, status: (await api('GET', path, { token: supervisor })).status }).toEqual({ path, status: 200 });
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of [`/items/${unknown}`, `/reports/${unknown}`, `/plans/${unknown}/items`, `/units/${unknown}/schedule`, '/items/not-a-uuid']) {
      const res = await api('GET', path, { token: outsiders[0][1] });
      expect(res.status).toBeLessThan(500);
      expect([400, 404]).toContain(res.status);
    }
  });
});
