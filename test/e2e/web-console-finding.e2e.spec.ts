import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../support/apps';
import { api, eventually, signIn } from '../support/http';
import { DESKTOP, PHONE, launchChromium, screenshot, signedIn, visit, writeTimings } from './web/browser';
import { composedPlan, overdueQuarterStart } from './web/plan-document';

interface PlanItem {
  id: string;
  code: string;
}

jest.setTimeout(300_000);

/** Issue 14, point 7: plan names with codes beside them, search and sorting in the queue, the item register (台账) and its xlsx. */
describe('finding things, in chromium', () => {
  let browser: Browser;
  let supervisorToken: string;
  const contexts: BrowserContext[] = [];
  let planId: string;
  let planCode: string;
  let planTitle: string;
  let items: Record<string, PlanItem>;
  let periodKey: string;

  const as = async (username: string, viewport = DESKTOP): Promise<Page> => {
    const { context, page } = await signedIn(browser, username, viewport);
    contexts.push(context);
    return page;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    supervisorToken = await signIn('supervisor');
    const reporterToken = await signIn('gxw-reporter');
    const { fileName, content } = composedPlan(String(10000 + randomInt(89999)));
    const imported = await api('POST', '/plans/import', { token: supervisorToken, body: { fileName, content } });
    expect(imported.status).toBe(201);
    planId = imported.body.planId;
    planCode = imported.body.code;
    const activated = await api('POST', `/plans/${planId}/activate`, { token: supervisorToken, body: { startOn: overdueQuarterStart() } });
    expect(activated.status).toBe(200);
    planTitle = (await api('GET', `/plans/${planId}`, { token: supervisorToken })).body.title;
    const listed = await api<PlanItem[]>('GET', `/plans/${planId}/items`, { token: supervisorToken });
    items = Object.fromEntries(listed.body.map((i) => [i.code, i]));
    for (const code of ['T01', 'T02', 'T03']) {
      const state = await eventually(`${code} to wait for its report`, async () => {
        const s = (await api('GET', `/items/${items[code].id}/state`, { token: supervisorToken })).body;
        return s?.waitingFor === 'report' ? s : undefined;
      });
      periodKey = state.periodKey;
    }
    // T01 and T02 report; T02's is approved with a 4K figure, T01's waits in the queue.
    const t02 = await api('POST', `/items/${items.T02.id}/reports`, {
      token: reporterToken,
      body: { periodKey, narrative: '省级大数据产业园建成2个。', indicatorValues: [{ indicator: '省级大数据产业园', value: 2 }] },
    });
    expect(t02.status).toBe(201);
    expect((await api('POST', `/reports/${t02.body.reportId}/review`, { token: supervisorToken, body: { decision: 'approve' } })).status).toBe(200);
    const t01 = await api('POST', `/items/${items.T01.id}/reports`, {
      token: reporterToken,
      body: { periodKey, narrative: '按计划推进。', indicatorValues: [] },
    });
    expect(t01.status).toBe(201);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    writeTimings('web-timings-finding');
  });

  it('the queue names each row’s plan and finds a report by plan code, item title or unit; nothing else matches', async () => {
    const supervisor = await as('supervisor');
    await visit(supervisor, '/queue', 'tr[data-testid^="queue-row-"]', 'queue');
    const search = supervisor.locator('[data-testid="queue-search"] input');
    const rows = supervisor.locator('tr[data-testid^="queue-row-"]');
    await search.fill(planCode);
    await search.press('Enter');
    await eventually(
      'only our plan’s report to be listed',
      async () => (await rows.count()) === 1 && (await rows.first().getAttribute('data-testid')) === 'queue-row-T01',
    );
    expect(await rows.first().locator('[data-testid="queue-plan"]').innerText()).toBe(`${planTitle} ${planCode}`);
    await screenshot(supervisor, 'issue14-queue-search');
    // No report matches a word nobody wrote.
    await search.fill(`${planCode}-无此事项`);
    await search.press('Enter');
    await eventually('the queue to be empty', async () => (await rows.count()) === 0);
  });

  it('the register (台账) lists every item of the plan with units, deadline, status, last report and progress; it sorts, searches and exports', async () => {
    const supervisor = await as('supervisor');
    await visit(supervisor, `/dashboard?plan=${planId}`, '[data-testid="open-register"]', 'dashboard');
    await supervisor.locator('[data-testid="open-register"]').click();
    await supervisor.waitForURL((url) => url.pathname === `/console/plans/${planId}/register`);
    const rows = supervisor.locator('tr[data-testid^="register-"]');
    await eventually('three items to be listed', async () => (await rows.count()) === 3);
    expect(await supervisor.locator('h1').innerText()).toBe(`督办事项台账 · ${planTitle} ${planCode}`);
    const t01 = await supervisor.locator('[data-testid="register-T01"]').innerText();
    expect(t01).toContain('市工业和信息化委');
    expect(t01).toContain('市发展改革委');
    expect(t01).toMatch(new RegExp(`${periodKey} 第1次 待审核`));
    const t02 = await supervisor.locator('[data-testid="register-T02"]').innerText();
    expect(t02).toMatch(new RegExp(`${periodKey} 第1次 已通过`));
    expect(t02).toContain('省级大数据产业园 2/5个 （40%）');
    expect(await supervisor.locator('[data-testid="register-T03"]').innerText()).toContain('尚未报送');

    // Sorting by the last report: the one never reported first, then T02's, then T01's.
    await supervisor.locator('th', { hasText: '最近报告' }).click();
    await eventually(
      'rows sorted by their last report',
      async () =>
        JSON.stringify(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')))) ===
        JSON.stringify(['register-T03', 'register-T02', 'register-T01']),
    );
    await supervisor.locator('[data-testid="register-search"] input').fill('科技创新');
    await eventually(
      'only T02 (with 市科技创新委) to remain',
      async () => (await rows.count()) === 1 && (await rows.first().getAttribute('data-testid')) === 'register-T02',
    );
    await supervisor.locator('[data-testid="register-search"] input').fill('');
    await screenshot(supervisor, 'issue14-register');

    const [download] = await Promise.all([supervisor.waitForEvent('download'), supervisor.locator('[data-testid="download-register"]').click()]);
    expect(download.suggestedFilename()).toBe(`register-${planCode}.xlsx`);
    const file = join(REPO_ROOT, 'test-artifacts', download.suggestedFilename());
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const lines: string[] = [];
    workbook.getWorksheet('台账')?.eachRow((row) => lines.push((row.values as unknown[]).slice(1).map(String).join('|')));
    expect(lines[0]).toBe(`${planTitle}（${planCode}）督办事项台账`);
    expect(lines[1]).toMatch(/^生成时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）$/);
    expect(lines[2]).toBe('事项编号|事项名称|牵头单位|配合单位|完成时限|状态|最近报告|目标进展');
    expect(lines.slice(3).map((l) => l.split('|')[0])).toEqual(['T01', 'T02', 'T03']);
    expect(lines[4]).toContain('省级大数据产业园(2026) 2/5个（40.0%）');
    expect(lines[5]).toContain('尚未报送');
  });

  it('the register reads at phone width without the page scrolling sideways', async () => {
    const supervisor = await as('supervisor', PHONE);
    await visit(supervisor, `/plans/${planId}/register`, '[data-testid="register-T01"]', 'register');
    expect(Number(await supervisor.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(PHONE.width);
  });
});
