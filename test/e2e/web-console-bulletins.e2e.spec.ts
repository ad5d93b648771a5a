import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from '@duban/domain';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { REPO_ROOT } from '../support/apps';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';
import { DESKTOP, PHONE, launchChromium, screenshot, signedIn, visit, writeTimings } from './web/browser';
import { composedPlan, overdueQuarterStart } from './web/plan-document';

interface PlanItem {
  id: string;
  code: string;
}

jest.setTimeout(300_000);

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');

/** Now in Asia/Shanghai, as the console writes it (YYYY-MM-DD HH:mm). */
function shanghaiNow(offsetMs = 0): string {
  const s = new Date(Date.now() + offsetMs + 8 * 3600 * 1000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

/** Picks an option of an Ant Design select by its visible label. */
async function choose(page: Page, selectTestId: string, label: string): Promise<void> {
  await page.locator(`[data-testid="${selectTestId}"]`).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: label }).first().click();
}

/** The labels an Ant Design select offers. */
async function optionsOf(page: Page, selectTestId: string): Promise<string[]> {
  await page.locator(`[data-testid="${selectTestId}"]`).click();
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await options.first().waitFor();
  const labels = await options.allInnerTexts();
  await page.keyboard.press('Escape');
  return labels;
}

/** Issue 14, point 3: bulletins (通报) to circulate — a period picker, the xlsx, a print view on A4, Shanghai times. */
describe('bulletins to circulate, in chromium', () => {
  let browser: Browser;
  let db: DataSource;
  let supervisorToken: string;
  const contexts: BrowserContext[] = [];
  let planId: string;
  let planTitle: string;
  let items: Record<string, PlanItem>;
  let firstPeriod: string;

  const as = async (username: string, viewport = DESKTOP): Promise<Page> => {
    const { context, page } = await signedIn(browser, username, viewport);
    contexts.push(context);
    return page;
  };
  const stateOf = async (itemId: string) => (await api('GET', `/items/${itemId}/state`, { token: supervisorToken })).body;

  beforeAll(async () => {
    browser = await launchChromium();
    db = await createDataSource(testEnvironment().databaseUrl).initialize();
    supervisorToken = await signIn('supervisor');
    // A plan of our own, supervised from an overdue quarter: all three items owe a report that is already late.
    const { fileName, content } = composedPlan(String(10000 + randomInt(89999)));
    const imported = await api('POST', '/plans/import', { token: supervisorToken, body: { fileName, content } });
    expect(imported.status).toBe(201);
    planId = imported.body.planId;
    const activated = await api('POST', `/plans/${planId}/activate`, { token: supervisorToken, body: { startOn: overdueQuarterStart() } });
    expect(activated.status).toBe(200);
    planTitle = (await api('GET', `/plans/${planId}`, { token: supervisorToken })).body.title;
    const listed = await api<PlanItem[]>('GET', `/plans/${planId}/items`, { token: supervisorToken });
    items = Object.fromEntries(listed.body.map((i) => [i.code, i]));
    for (const code of ['T01', 'T02', 'T03']) {
      const state = await eventually(`${code} to wait for its overdue report`, async () => {
        const s = await stateOf(items[code].id);
        return s?.waitingFor === 'report' ? s : undefined;
      });
      firstPeriod = state.periodKey;
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await db?.destroy();
    writeTimings('web-timings-bulletins');
  });

  it('the leader opens the print view from the latest bulletin: the formal layout of a 通报, in Shanghai time, printing on A4', async () => {
    const leader = await as('leader');
    await visit(leader, `/leader?plan=${planId}`, `[data-testid="leader-bulletin"][data-period="${firstPeriod}"]`, 'leader');
    await leader.locator('[data-testid="open-bulletin"]').click();
    await leader.waitForURL((url) => url.pathname === `/console/bulletins/${planId}/${firstPeriod}`);
    const doc = leader.locator(`[data-testid="bulletin-doc"][data-period="${firstPeriod}"]`);
    await doc.waitFor();

    const [year, quarter] = [firstPeriod.slice(0, 4), firstPeriod.slice(5)];
    const quarterName = ['一', '二', '三', '四'][Number(quarter) - 1];
    expect(await doc.locator('.bulletin-masthead-title').innerText()).toBe('督查督办通报');
    expect(await doc.locator('[data-testid="bulletin-number"]').innerText()).toBe(`${year}年第${Number(quarter)}期`);
    const today = shanghaiNow().slice(0, 10);
    expect(await doc.locator('[data-testid="bulletin-date"]').innerText()).toBe(
      `${today.slice(0, 4)}年${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日`,
    );
    expect(await doc.locator('h1').innerText()).toBe(`关于《${planTitle}》${year}年第${quarterName}季度督办情况的通报`);
    // Nothing reported yet and the due date is past: all three are due and late.
    expect(await doc.locator('[data-testid="bulletin-summary"]').innerText()).toBe('本期应报事项 3 项，按时报送 0 项，逾期 3 项，按时报送率 0%。');
    expect(await doc.locator('h2').allInnerTexts()).toEqual(['一、按时报送的单位', '二、逾期报送或未报送的单位', '三、升级督办事项', '四、目标指标进展']);
    const lateRows = await doc.locator('[data-testid="bulletin-late"] tbody tr').allInnerTexts();
    expect(lateRows).toHaveLength(3);
    for (const row of lateRows) expect(row).toMatch(/市工业和信息化委\s+T0[123]\s+.+\s+\d{4}-\d{2}-\d{2}\s+未报送\s+待填报/);
    expect(await doc.locator('[data-testid="bulletin-escalated"] tbody tr').count()).toBe(3);
    expect(await doc.locator('[data-testid="bulletin-targets"]').innerText()).toContain('4K电视用户');
    // Generated just now, in Beijing time: not the raw UTC instant the API sends.
    const generated = await doc.locator('[data-testid="bulletin-generated"]').innerText();
    const match = /^生成时间：(\d{4}-\d{2}-\d{2} \d{2}:\d{2})（北京时间）$/.exec(generated);
    expect(match).not.toBeNull();
    expect([shanghaiNow(-120_000), shanghaiNow(-60_000), shanghaiNow()]).toContain(match?.[1]);
    expect(await doc.innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    await screenshot(leader, 'issue14-bulletin-view');

    // On paper: A4, the console's header, menu and toolbar left off, the document no wider than the page.
    await leader.emulateMedia({ media: 'print' });
    expect(await leader.locator('.duban-header').isVisible()).toBe(false);
    expect(await leader.locator('.bulletin-toolbar').isVisible()).toBe(false);
    expect(await doc.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const pdf = await leader.pdf({ preferCSSPageSize: true, printBackground: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    const pdfFile = join(ARTIFACTS, `bulletin-${firstPeriod}.pdf`);
    writeFileSync(pdfFile, pdf);
    const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' });
    // A4 is 595.28 × 841.89 pt; chromium rounds the page box to its own units.
    const [, width, height] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info) ?? [];
    expect(Math.abs(Number(width) - 595.28)).toBeLessThan(1);
    expect(Math.abs(Number(height) - 841.89)).toBeLessThan(1);
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain('督查督办通报');
    expect(text).toContain('四、目标指标进展');
    expect(text).not.toContain('下载 Excel');
    expect(text).not.toContain('督查督办工作平台');
    await leader.emulateMedia({ media: 'screen' });
  });

  it('downloads the bulletin as .xlsx: the same title, the time in Beijing time, a row per late item', async () => {
    const supervisor = await as('supervisor');
    await visit(supervisor, `/bulletins/${planId}/${firstPeriod}`, `[data-testid="bulletin-doc"][data-period="${firstPeriod}"]`, 'bulletin');
    const [download] = await Promise.all([supervisor.waitForEvent('download'), supervisor.locator('[data-testid="download-bulletin"]').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^bulletin-.+-${firstPeriod}\\.xlsx$`));
    const file = join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(file);
    await supervisor.getByText(`已下载 ${download.suggestedFilename()}`).waitFor();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const rows: string[] = [];
    workbook.getWorksheet('通报')?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map(String).join('|')));
    expect(rows[0]).toBe(`${planTitle} ${firstPeriod} 督办情况通报`);
    expect(rows[1]).toMatch(/^生成时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）$/);
    expect([shanghaiNow(-120_000), shanghaiNow(-60_000), shanghaiNow()].map((at) => `生成时间：${at}（北京时间）`)).toContain(rows[1]);
    for (const code of ['T01', 'T02', 'T03']) expect(rows.some((r) => r.startsWith(`市工业和信息化委|${code}|`) && r.endsWith('|未报送|待报送'))).toBe(true);
  });

  it('after a closure the latest bulletin stays on the last period that began; the picker goes back to earlier ones', async () => {
    const reporterToken = await signIn('gxw-reporter');
    const leaderToken = await signIn('leader');
    const t03 = items.T03;
    // T03 reports every period that has begun and each is approved, until the next one is recorded but not yet begun.
    const approvedPeriods: string[] = [];
    for (let round = 0; round < 4; round++) {
      const state = await eventually('T03 to wait for a report or for its next period', async () => {
        const s = await stateOf(t03.id);
        return s && ['report', 'period-start'].includes(s.waitingFor) && !approvedPeriods.includes(s.periodKey) ? s : undefined;
      });
      if (state.waitingFor === 'period-start') break;
      const submitted = await api('POST', `/items/${t03.id}/reports`, {
        token: reporterToken,
        body: { periodKey: state.periodKey, narrative: `T03 ${state.periodKey} 贯标试点企业稳步增加。`, indicatorValues: [] },
      });
      expect(submitted.status).toBe(201);
      const approved = await api('POST', `/reports/${submitted.body.reportId}/review`, { token: supervisorToken, body: { decision: 'approve' } });
      expect(approved.status).toBe(200);
      approvedPeriods.push(state.periodKey);
    }
    const lastBegun = approvedPeriods.at(-1) as string;
    const upcoming = (await stateOf(t03.id)).periodKey as string;
    expect(approvedPeriods.length).toBeGreaterThanOrEqual(2);
    expect(upcoming > lastBegun).toBe(true);

    // Closure (办结): the lead asks, a supervisor approves, the leader signs off.
    const asked = await api('POST', `/items/${t03.id}/closure`, { token: reporterToken, body: { reason: '国家级两化融合贯标试点企业已达136家，申请办结。' } });
    expect(asked.status).toBe(201);
    const requestId: string = asked.body.requestId;
    expect((await api('POST', `/closures/${requestId}/approve`, { token: supervisorToken, body: {} })).status).toBe(200);
    expect((await api('POST', `/closures/${requestId}/leader`, { token: leaderToken, body: { decision: 'sign-off' } })).status).toBe(200);
    await eventually('T03 to be closed', async () => (await api('GET', `/items/${t03.id}`, { token: supervisorToken })).body.state === 'closed', 60_000);
    // The period recorded ahead was closed with the item, never having begun.
    const [closedAhead] = await db.query(`SELECT state FROM reporting_period WHERE item_id = $1 AND key = $2`, [t03.id, upcoming]);
    expect(closedAhead?.state).toBe('closed');

    const trend = (await api('GET', `/dashboard/plans/${planId}`, { token: leaderToken })).body.trend.map((p: { periodKey: string }) => p.periodKey);
    expect(trend).toEqual(approvedPeriods);

    // Closed shows as closed: grey on the board, no traffic-light colour on the item page.
    const supervisor = await as('supervisor');
    await visit(supervisor, `/dashboard?plan=${planId}`, '[data-testid="board-T03"]', 'dashboard');
    const cell = supervisor.locator('[data-testid="board-T03"]');
    expect(await cell.getAttribute('data-state')).toBe('closed');
    expect(await cell.getAttribute('class')).toContain('closed');
    expect(await cell.getAttribute('aria-label')).toContain('已办结');
    await visit(supervisor, `/items/${t03.id}`, '[data-testid="item-closed"]', 'item');
    expect(await supervisor.locator('.page-title .ant-tag[data-colour]').count()).toBe(0);

    const leader = await as('leader');
    await visit(leader, `/leader?plan=${planId}`, `[data-testid="leader-bulletin"][data-period="${lastBegun}"]`, 'leader');
    expect(await optionsOf(leader, 'leader-bulletin-period')).toHaveLength(approvedPeriods.length);
    await screenshot(leader, 'issue14-leader-bulletin-after-closure');
    const label = `${firstPeriod.slice(0, 4)}年第${['一', '二', '三', '四'][Number(firstPeriod.slice(5)) - 1]}季度`;
    await choose(leader, 'leader-bulletin-period', label);
    await leader.locator(`[data-testid="leader-bulletin"][data-period="${firstPeriod}"]`).waitFor();

    // The print view's own picker moves between periods too.
    await leader.locator('[data-testid="open-bulletin"]').click();
    await leader.locator(`[data-testid="bulletin-doc"][data-period="${firstPeriod}"]`).waitFor();
    await choose(leader, 'bulletin-period', `（${lastBegun}）`);
    await leader.waitForURL((url) => url.pathname === `/console/bulletins/${planId}/${lastBegun}`);
    const doc = leader.locator(`[data-testid="bulletin-doc"][data-period="${lastBegun}"]`);
    await doc.waitFor();
    expect(await doc.locator('[data-testid="bulletin-on-time"]').innerText()).toContain('T03');
  });

  it('the bulletin reads at phone width without sideways scrolling', async () => {
    const leader = await as('leader', PHONE);
    await visit(leader, `/bulletins/${planId}/${firstPeriod}`, `[data-testid="bulletin-doc"][data-period="${firstPeriod}"]`, 'bulletin');
    expect(Number(await leader.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(PHONE.width);
    await screenshot(leader, 'issue14-bulletin-phone');
  });
});
