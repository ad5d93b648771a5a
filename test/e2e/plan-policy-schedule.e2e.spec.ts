import { api, eventually, signIn } from '../support/http';

const PLAN = `某市2026年数据要素市场培育行动方案

一、重点任务
（一）建设公共数据授权运营平台。2026年底前建成市级公共数据授权运营平台。（牵头单位：市政务服务数据管理局；配合单位：市发展改革委、各区政府）
（二）培育数据交易市场主体。到2027年，培育数据商和第三方专业服务机构50家以上。（牵头单位：市政务服务数据管理局；配合单位：市工业和信息化局）
`;

/** Plan policies as data (issue 4 §3) and the reporting calendar served per item and per unit, also as iCalendar (§6). */
describe('plan policies and reporting calendars', () => {
  let supervisor: string;
  /** A reporter of 市发展改革委, a cooperating unit of T01: it may read T01's calendar, not change the plan's policy. */
  let reporter: string;
  let planId: string;
  let items: any[];

  beforeAll(async () => {
    [supervisor, reporter] = await Promise.all([signIn('supervisor'), signIn('fgw-reporter')]);
    const imported = await api('POST', '/plans/import', { token: supervisor, body: { fileName: 'data-market-2026.txt', content: PLAN } });
    expect(imported.status).toBe(201);
    planId = imported.body.planId;
    expect((await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: {} })).status).toBe(200);
    items = (await api('GET', `/plans/${planId}/items`, { token: supervisor })).body;
    expect(items).toHaveLength(2);
    // A workflow takes Updates once its first task has run; until then a change is reported as refused.
    for (const item of items)
      await eventually(`${item.code} to start`, async () => (await api('GET', `/items/${item.id}/state`, { token: supervisor })).status === 200);
  });

  it('serves an item’s reporting calendar on the working-day calendar: 2018Q1 due 2018-04-09, 2018Q3 due 2018-10-12', async () => {
    const res = await api('GET', `/items/${items[0].id}/schedule?from=2018-01-01&to=2018-12-31`, { token: reporter });
    expect(res.status).toBe(200);
    expect(res.body.frequency).toBe('quarterly');
    expect(res.body.periods.map((p: any) => [p.key, p.dueOn])).toEqual([
      ['2018Q1', '2018-04-09'],
      ['2018Q2', '2018-07-06'],
      ['2018Q3', '2018-10-12'],
      ['2018Q4', '2019-01-08'],
    ]);
  });

  it('serves a unit’s calendar as JSON and as an iCalendar feed of its due dates', async () => {
    const lead = items[0].units.find((u: any) => u.role === 'lead').unitId;
    const schedule = await api('GET', `/units/${lead}/schedule?from=2018-01-01&to=2018-06-30`, { token: supervisor });
    expect(schedule.status).toBe(200);
    expect(schedule.body.map((s: any) => s.code).sort()).toEqual(['T01', 'T02']);

    const feed = await api('GET', `/units/${lead}/calendar.ics?from=2018-01-01&to=2018-06-30`, { token: supervisor });
    expect(feed.status).toBe(200);
    expect(feed.body).toContain('BEGIN:VCALENDAR');
    expect(feed.body.match(/BEGIN:VEVENT/g)).toHaveLength(4);
    expect(feed.body).toContain('DTSTART;VALUE=DATE:20180409');
  });

  it.each([
    ['from=2018-13-01', 'from'],
    ['from=2019-01-01&to=2018-01-01', 'to'],
    ['from=2000-01-01&to=2030-01-01', 'to'],
  ])('refuses a bad range (%s) naming the field', async (query, field) => {
    const res = await api('GET', `/items/${items[0].id}/schedule?${query}`, { token: supervisor });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('refuses an invalid plan policy with the field and reason, changing nothing', async () => {
    const before = (await api('GET', `/plans/${planId}`, { token: supervisor })).body.policy;
    const res = await api('PUT', `/plans/${planId}/policy`, { token: supervisor, body: { policy: { ...before, frequency: 'weekly' } } });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('policy: frequency');
    expect((await api('GET', `/plans/${planId}`, { token: supervisor })).body.policy).toEqual(before);
    expect((await api('PUT', `/plans/${planId}/policy`, { token: reporter, body: { policy: before } })).status).toBe(403);
  });

  it('changes the plan’s policy and tells every item that follows it, from its next period', async () => {
    const plan = (await api('GET', `/plans/${planId}`, { token: supervisor })).body;
    const monthly = { ...plan.policy, frequency: 'monthly', dueWorkingDays: 3 };
    const res = await api('PUT', `/plans/${planId}/policy`, { token: supervisor, body: { policy: monthly } });
    expect(res.status).toBe(200);
    expect(res.body.updated.sort()).toEqual(['T01', 'T02']);
    expect(res.body.refused).toEqual([]);
    expect((await api('GET', `/plans/${planId}`, { token: supervisor })).body.policy).toEqual(monthly);

    const state = await eventually('T01 to hold the change for its next period', async () => {
      const s = await api('GET', `/items/${items[0].id}/state`, { token: supervisor });
      return s.body.policyChangePending ? s.body : undefined;
    });
    expect(state.policyChangePending).toBe(true);
    const schedule = await api('GET', `/items/${items[0].id}/schedule?from=2018-01-01&to=2018-03-31`, { token: supervisor });
    expect(schedule.body.frequency).toBe('monthly');
    expect(schedule.body.periods.map((p: any) => p.key)).toEqual(['2018-01', '2018-02', '2018-03']);
  });
});
