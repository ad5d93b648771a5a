import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, eventually, signIn } from '../support/http';
import { DESKTOP, launchChromium, screenshot, signedIn, visit, writeTimings } from './web/browser';
import { composedPlan, overdueQuarterStart } from './web/plan-document';

interface PlanItem {
  id: string;
  code: string;
}

jest.setTimeout(300_000);

const file = (name: string, text: string) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') });

/** Issue 14, point 5: a resubmission keeps the first attempt's files unless removed; the reviewer sees what changed. */
describe('return and resubmit, in chromium', () => {
  let browser: Browser;
  let supervisorToken: string;
  let reporterToken: string;
  const contexts: BrowserContext[] = [];
  let planId: string;
  let t01: PlanItem;
  let periodKey: string;
  let firstReportId: string;
  const returnComment = '请补充4K用户数的统计口径，并附示范社区名单。';

  const as = async (username: string, viewport = DESKTOP): Promise<Page> => {
    const { context, page } = await signedIn(browser, username, viewport);
    contexts.push(context);
    return page;
  };
  const stateOf = async () => (await api('GET', `/items/${t01.id}/state`, { token: supervisorToken })).body;

  beforeAll(async () => {
    browser = await launchChromium();
    supervisorToken = await signIn('supervisor');
    reporterToken = await signIn('gxw-reporter');
    const { fileName, content } = composedPlan(String(10000 + randomInt(89999)));
    const imported = await api('POST', '/plans/import', { token: supervisorToken, body: { fileName, content } });
    expect(imported.status).toBe(201);
    planId = imported.body.planId;
    const activated = await api('POST', `/plans/${planId}/activate`, { token: supervisorToken, body: { startOn: overdueQuarterStart() } });
    expect(activated.status).toBe(200);
    const listed = await api<PlanItem[]>('GET', `/plans/${planId}/items`, { token: supervisorToken });
    t01 = listed.body.find((i) => i.code === 'T01') as PlanItem;
    // The overdue quarter is reported and approved: T01 moves on to the quarter under way, whose window opens at its end.
    const overdue = await eventually('T01 to wait for its overdue report', async () => {
      const s = await stateOf();
      return s?.waitingFor === 'report' ? s : undefined;
    });
    const sent = await api('POST', `/items/${t01.id}/reports`, {
      token: reporterToken,
      body: { periodKey: overdue.periodKey, narrative: '上季度进展。', indicatorValues: [] },
    });
    expect(sent.status).toBe(201);
    expect((await api('POST', `/reports/${sent.body.reportId}/review`, { token: supervisorToken, body: { decision: 'approve' } })).status).toBe(200);
    const current = await eventually('T01 to wait for the report of the quarter under way', async () => {
      const s = await stateOf();
      return s?.waitingFor === 'report' && s.periodKey !== overdue.periodKey ? s : undefined;
    });
    periodKey = current.periodKey;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    writeTimings('web-timings-resubmission');
  });

  it('the reporter sends early with two files; the return opens the resubmission window at once, its dates agree', async () => {
    const reporter = await as('gxw-reporter');
    await visit(reporter, `/my/${t01.id}/${periodKey}`, '#narrative', 'report-form');
    await reporter.locator('#narrative').fill('第一次报送：4K电视用户达140万户。');
    await reporter.locator('input[aria-label="4K电视用户"]').fill('140');
    await reporter
      .locator('.ant-upload input[type="file"]')
      .setInputFiles([file('示范社区名单.txt', '示范社区 12 个。\n'), file('统计口径说明.txt', '按有线电视用户口径统计。\n')]);
    await reporter.getByText('统计口径说明.txt').waitFor();
    await reporter.locator('[data-testid="submit-report"]').click();
    await reporter.getByText('报告已提交，等待审核').waitFor();
    const first = await eventually('the first attempt to be recorded with both files', async () => {
      const reports = (await api('GET', `/items/${t01.id}/reports?periodKey=${periodKey}`, { token: reporterToken })).body;
      if (reports?.length !== 1) return undefined;
      const files = (await api('GET', `/reports/${reports[0].id}/attachments`, { token: reporterToken })).body;
      return files?.length === 2 ? reports[0] : undefined;
    });
    firstReportId = first.id;
    const before = (await api('GET', `/items/${t01.id}/periods`, { token: reporterToken })).body.find((p: { key: string }) => p.key === periodKey);

    const returned = await api('POST', `/reports/${firstReportId}/review`, { token: supervisorToken, body: { decision: 'return', comment: returnComment } });
    expect(returned.status).toBe(200);
    const after = await eventually('the period to be returned', async () => {
      const p = (await api('GET', `/items/${t01.id}/periods`, { token: reporterToken })).body.find((x: { key: string }) => x.key === periodKey);
      return p?.state === 'returned' ? p : undefined;
    });
    // Reported early, the window "opened" at the quarter's end, after the resubmission's due date; the return opens it now.
    expect(before.opensOn > returned.body.resubmitDueOn).toBe(true);
    expect(after.dueOn).toBe(returned.body.resubmitDueOn);
    expect(after.opensOn <= after.dueOn).toBe(true);

    await visit(reporter, `/items/${t01.id}`, `[data-testid="period-${periodKey}"]`, 'item');
    const cells = await reporter.locator(`[data-testid="period-${periodKey}"] td`).allInnerTexts();
    expect(cells[1] <= cells[2]).toBe(true);
    expect(cells[2]).toBe(after.dueOn);
  });

  it('the resubmission form lists the first attempt’s files as kept; one removed, one added, the rest carried over', async () => {
    const reporter = await as('gxw-reporter');
    await visit(reporter, `/my/${t01.id}/${periodKey}`, '[data-testid="returned-comment"]', 'report-form');
    const kept = reporter.locator('[data-testid="kept-file"]');
    await eventually('both files to be listed as kept', async () => (await kept.count()) === 2);
    expect((await kept.allInnerTexts()).map((s) => s.trim().split(/\s+/)[0])).toEqual(['示范社区名单.txt', '统计口径说明.txt']);
    await kept.filter({ hasText: '统计口径说明.txt' }).locator('[data-testid="toggle-kept-file"]').click();
    expect(await kept.filter({ hasText: '统计口径说明.txt' }).getAttribute('data-removed')).toBe('true');
    await reporter.locator('#narrative').fill('第二次报送：4K电视用户达150万户，按有线电视用户口径统计。');
    await reporter.locator('input[aria-label="4K电视用户"]').fill('150');
    await reporter.locator('.ant-upload input[type="file"]').setInputFiles([file('统计口径说明（修订）.txt', '按有线电视与IPTV合并口径统计。\n')]);
    await screenshot(reporter, 'issue14-resubmission-kept-files');
    await reporter.locator('[data-testid="submit-report"]').click();
    await reporter.getByText('报告已提交，等待审核').waitFor();

    const files = await eventually('the second attempt to hold the kept and the new file', async () => {
      const reports = (await api('GET', `/items/${t01.id}/reports?periodKey=${periodKey}`, { token: reporterToken })).body;
      if (reports?.length !== 2) return undefined;
      const list = (await api('GET', `/reports/${reports[1].id}/attachments`, { token: reporterToken })).body as Array<{ fileName: string }>;
      return list.length === 2 ? list : undefined;
    });
    expect(files.map((f) => f.fileName).sort()).toEqual(['示范社区名单.txt', '统计口径说明（修订）.txt'].sort());
    // The first attempt keeps its own two.
    expect((await api('GET', `/reports/${firstReportId}/attachments`, { token: reporterToken })).body).toHaveLength(2);
  });

  it('the reviewer sees the resubmission beside the first attempt: what changed, side by side', async () => {
    const supervisor = await as('supervisor');
    await visit(supervisor, `/queue?plan=${planId}`, '[data-testid="queue-row-T01"]', 'queue');
    await supervisor.locator('[data-testid="queue-row-T01"]').click();
    const comparison = supervisor.locator('[data-testid="attempt-comparison"]');
    await comparison.waitFor();
    expect(await comparison.getByRole('alert').innerText()).toContain(`第1次报送被退回：${returnComment}`);
    const row = (key: string) => comparison.locator(`[data-testid="compare-${key}"]`);
    const texts = async (key: string) => (await row(key).locator('td').allInnerTexts()).map((s) => s.trim());
    expect(await row('narrative').getAttribute('data-changed')).toBe('true');
    expect((await texts('narrative')).slice(1)).toEqual(['第一次报送：4K电视用户达140万户。', '第二次报送：4K电视用户达150万户，按有线电视用户口径统计。']);
    expect(await row('value:4K电视用户').getAttribute('data-changed')).toBe('true');
    expect((await texts('value:4K电视用户')).slice(1)).toEqual(['140万户', '150万户']);
    expect(await row('problems').getAttribute('data-changed')).toBe('false');
    expect((await texts('files')).slice(1)).toEqual(['示范社区名单.txt、统计口径说明.txt', expect.stringContaining('示范社区名单.txt')]);
    expect((await texts('files'))[2]).toContain('统计口径说明（修订）.txt');
    await screenshot(supervisor, 'issue14-review-compare-attempts');
  });
});
