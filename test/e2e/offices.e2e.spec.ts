import { periodKeyFor } from '@duban/calendar';
import { randomUUID } from 'node:crypto';
import { api, eventually, signIn } from '../support/http';

const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const quarter = periodKeyFor(today, 'quarterly');

/** Issue 11, part 4: plans belong to a supervision office; another office's supervisor does not know they exist. */
describe('supervision offices', () => {
  let ours: string;
  let theirs: string;
  let reporter: string;
  const tag = randomUUID().slice(0, 6);
  const planOf = async (token: string, title: string, lead: string) => {
    const content = [
      'plan:',
      `  title: ${title}${tag}`,
      'items:',
      '  - code: T01',
      '    section: task',
      '    title: 某项任务',
      `    leadUnits: [${lead}]`,
    ].join('\n');
    const imported = await api('POST', '/plans/import', { token, body: { fileName: 'office.yaml', content } });
    expect(imported.status).toBe(201);
    return imported.body.planId as string;
  };

  beforeAll(async () => {
    [ours, theirs, reporter] = await Promise.all([signIn('supervisor'), signIn('supervisor-dcs'), signIn('gxw-reporter')]);
  });

  it('keeps each office’s plans, items, reports and queue to its own supervisors', async () => {
    const planId = await planOf(ours, '工作小组的方案', '市工业和信息化委');
    const secondId = await planOf(theirs, '督查室的方案', '市发展改革委');
    expect((await api('POST', `/plans/${planId}/activate`, { token: ours, body: {} })).status).toBe(200);
    const [item] = (await api('GET', `/plans/${planId}/items`, { token: ours })).body;
    const submitted = await eventually('a report on the working group’s item', async () => {
      const res = await api('POST', `/items/${item.id}/reports`, {
        token: reporter,
        body: { periodKey: quarter, narrative: '按计划推进。', indicatorValues: [] },
      });
      return res.status === 404 ? undefined : res;
    });
    expect(submitted.status).toBe(201);
    const reportId = submitted.body.reportId as string;

    const listed = async (token: string) => ((await api('GET', '/plans', { token })).body as Array<{ id: string }>).map((p) => p.id);
    expect(await listed(ours)).toEqual(expect.arrayContaining([planId]));
    expect(await listed(ours)).not.toContain(secondId);
    expect(await listed(theirs)).toEqual(expect.arrayContaining([secondId]));
    expect(await listed(theirs)).not.toContain(planId);

    const unknownToThem = [
      ['GET', `/plans/${planId}`],
      ['GET', `/plans/${planId}/items`],
      ['GET', `/plans/${planId}/source`],
      ['GET', `/plans/${planId}/review`],
      ['POST', `/plans/${planId}/activate`],
      ['GET', `/items/${item.id}`],
      ['GET', `/items/${item.id}/state`],
      ['GET', `/reports/${reportId}`],
      ['POST', `/reports/${reportId}/claim`],
      ['POST', `/reports/${reportId}/review`],
      ['GET', `/dashboard/plans/${planId}`],
    ];
    const answers = [];
    for (const [method, path] of unknownToThem)
      answers.push(`${method} ${path} ${(await api(method, path, { token: theirs, body: method === 'POST' ? { decision: 'approve' } : undefined })).status}`);
    expect(answers).toEqual(unknownToThem.map(([method, path]) => `${method} ${path} 404`));
    const bulk = await api('POST', '/queue/approve', { token: theirs, body: { reportIds: [reportId] } });
    expect(bulk.body).toMatchObject({ approved: 0, refused: 1, results: [{ reportId, status: 404 }] });

    const queue = async (token: string) => ((await api('GET', '/queue?limit=200', { token })).body as Array<{ reportId: string }>).map((r) => r.reportId);
    expect(await queue(theirs)).not.toContain(reportId);
    expect(await queue(ours)).toContain(reportId);
    expect((await api('GET', `/reports/${reportId}`, { token: ours })).status).toBe(200);
    expect((await api('POST', `/reports/${reportId}/review`, { token: ours, body: { decision: 'approve' } })).status).toBe(200);
  });
});
