import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';
import { DESKTOP, PHONE, launchChromium, screenshot, signedIn, visit, writeTimings } from './web/browser';
import { composedPlan, overdueQuarterStart } from './web/plan-document';

interface PlanItem {
  id: string;
  code: string;
}

jest.setTimeout(300_000);

/** Issue 14, point 4: a reporter looks back — every period with its state, every report sent, read-only with its files. */
describe("a reporter's history, in chromium", () => {
  let browser: Browser;
  let supervisorToken: string;
  let reporterToken: string;
  const contexts: BrowserContext[] = [];
  let planId: string;
  let planCode: string;
  let planTitle: string;
  let items: Record<string, PlanItem>;
  let periodKey: string;
  const returnComment = '请补充光纤入户率的统计口径及数据来源。';

  const as = async (username: string, viewport = DESKTOP): Promise<Page> => {
    const { context, page } = await signedIn(browser, username, viewport);
    contexts.push(context);
    return page;
  };
  const stateOf = async (itemId: string) => (await api('GET', `/items/${itemId}/state`, { token: supervisorToken })).body;

  beforeAll(async () => {
    browser = await launchChromium();
    supervisorToken = await signIn('supervisor');
    reporterToken = await signIn('gxw-reporter');
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
        const s = await stateOf(items[code].id);
        return s?.waitingFor === 'report' ? s : undefined;
      });
      periodKey = state.periodKey;
    }

    // T01: sent with a file, returned with a reason, sent again, approved.
    const first = await api('POST', `/items/${items.T01.id}/reports`, {
      token: reporterToken,
      body: { periodKey, narrative: '第一次报送：4K电视用户达140万户。', indicatorValues: [{ indicator: '4K电视用户', value: 140 }] },
    });
    expect(first.status).toBe(201);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('示范社区 12 个，名单附后。\n', 'utf8')], { type: 'text/plain' }), '示范社区名单.txt');
    const attached = await fetch(`${testEnvironment().apiUrl}/reports/${first.body.reportId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reporterToken}` },
      body: form,
    });
    expect(attached.status).toBe(201);
    const returned = await api('POST', `/reports/${first.body.reportId}/review`, {
      token: supervisorToken,
      body: { decision: 'return', comment: returnComment },
    });
    expect(returned.status).toBe(200);
    await eventually('T01 to wait for the resubmission', async () => (await stateOf(items.T01.id))?.waitingFor === 'resubmission');
    const second = await api('POST', `/items/${items.T01.id}/reports`, {
      token: reporterToken,
      body: {
        periodKey,
        narrative: '第二次报送：4K电视用户达150万户，光纤入户率按住建部门口径统计为95%。',
        indicatorValues: [
          { indicator: '4K电视用户', value: 150 },
          { indicator: '光纤入户率', value: 95 },
        ],
      },
    });
    expect(second.status).toBe(201);
    const approved = await api('POST', `/reports/${second.body.reportId}/review`, { token: supervisorToken, body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    writeTimings('web-timings-history');
  });

  it('lists every period of the unit’s items with its state and every report sent; a returned one opens read-only with its reason and file', async () => {
    const reporter = await as('gxw-reporter');
    await visit(reporter, '/history', `[data-testid="history-plan-${planCode}"]`, 'history');
    const plan = reporter.locator(`[data-testid="history-plan-${planCode}"]`);
    // The plan by its name, its code beside it.
    expect(await plan.locator('.ant-card-head-title').innerText()).toBe(`${planTitle} ${planCode}`);

    const t01 = plan.locator(`[data-testid="history-T01-${periodKey}"]`);
    await eventually('T01 to show as approved', async () => {
      await reporter.reload();
      await t01.waitFor();
      return (await t01.locator('[data-testid="period-state"]').innerText()) === '已通过';
    });
    const sent1 = t01.locator('[data-testid="sent-T01-' + periodKey + '-1"]');
    const sent2 = t01.locator('[data-testid="sent-T01-' + periodKey + '-2"]');
    expect(await sent1.getAttribute('data-status')).toBe('returned');
    expect(await sent2.getAttribute('data-status')).toBe('approved');
    expect(await sent1.locator('[data-testid="returned-reason"]').innerText()).toMatch(
      new RegExp(`^退回原因：${returnComment} · 重新报送截止 \\d{4}-\\d{2}-\\d{2}$`),
    );
    // Nothing sent yet for T02 and T03: still to report.
    for (const code of ['T02', 'T03']) {
      const row = plan.locator(`[data-testid="history-${code}-${periodKey}"]`);
      expect(await row.locator('[data-testid="period-state"]').innerText()).toBe('待填报');
      expect(await row.innerText()).toContain('未报送');
    }
    await screenshot(reporter, 'issue14-history');

    await sent1.locator('[data-testid="open-sent-report"]').click();
    const dialog = reporter.getByRole('dialog');
    await dialog.locator('[data-testid="report-view"]').getByText('第一次报送：4K电视用户达140万户。').waitFor();
    expect(await dialog.locator('.ant-modal-title').innerText()).toBe(`T01 ${periodKey} 第1次报送`);
    expect(await dialog.locator('[data-testid="sent-report-outcome"]').innerText()).toContain(`已退回`);
    expect(await dialog.locator('[data-testid="sent-report-outcome"]').innerText()).toContain(returnComment);
    await dialog.getByText('示范社区名单.txt').waitFor();
    // Read-only: nothing in the dialog submits, saves or uploads.
    expect(await dialog.locator('textarea, input[type="file"], [data-testid="submit-report"]').count()).toBe(0);
    await screenshot(reporter, 'issue14-history-returned-report');
    await reporter.keyboard.press('Escape');

    // Search by code narrows the list to that item.
    await reporter.locator('[data-testid="history-search"] input').fill('T02');
    await eventually('only T02 rows to be listed', async () => {
      const rows = await plan.locator('tr[data-testid^="history-"]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')));
      return rows.length > 0 && rows.every((id) => id?.startsWith('history-T02-'));
    });
  });

  it('the period just sent points to the history instead of saying there is nothing to report', async () => {
    const reporter = await as('gxw-reporter');
    await visit(reporter, `/my/${items.T01.id}/${periodKey}`, '[data-testid="period-not-open"]', 'my-items');
    await reporter.locator('[data-testid="period-not-open"]').getByRole('link').click();
    await reporter.waitForURL((url) => url.pathname === '/console/history' && url.searchParams.get('item') === items.T01.id);
    await reporter.locator(`[data-testid="history-T01-${periodKey}"]`).waitFor();
    expect(await reporter.locator('tr[data-testid^="history-T02-"]').count()).toBe(0);
  });

  it('the reporter’s item page shows the same approved progress the supervisor sees', async () => {
    const progressText = async (page: Page) => {
      await visit(page, `/items/${items.T01.id}`, 'h1', 'item');
      const cell = page.locator('.ant-table-row', { hasText: '4K电视用户（2026）' }).locator('td').nth(2);
      await eventually('the 4K progress to show', async () => (await cell.innerText()).includes('150'));
      return (await cell.innerText()).replace(/\s+/g, ' ').trim();
    };
    const supervisorSees = await progressText(await as('supervisor'));
    const reporter = await as('gxw-reporter');
    const reporterSees = await progressText(reporter);
    expect(supervisorSees).toBe(`50% 150 万户（${periodKey}）`);
    expect(reporterSees).toBe(supervisorSees);
    expect(await reporter.getByText('尚无审核通过的数据').count()).toBe(0);
    await screenshot(reporter, 'issue14-reporter-item-progress');
  });

  it('reads at phone width without sideways scrolling', async () => {
    const reporter = await as('gxw-reporter', PHONE);
    await visit(reporter, '/history', `[data-testid="history-plan-${planCode}"]`, 'history');
    expect(Number(await reporter.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(PHONE.width);
    await screenshot(reporter, 'issue14-history-phone');
  });
});
