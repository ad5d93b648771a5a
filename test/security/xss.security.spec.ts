import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, eventually, signIn } from '../support/http';
import { composedPlan, overdueQuarterStart } from '../e2e/web/plan-document';
import { consoleUrl, launchChromium, screenshot, signedIn } from '../e2e/web/browser';

// A browser journey over every page as every role; each step waits for the real services.
jest.setTimeout(600_000);

/** A script-bearing value for each place a record reaches the console; each says where it came from when it runs. */
const payload = (where: string) => `${where}<img src=x onerror="__xssHit('${where}')"><svg onload="__xssHit('${where}-svg')"></svg>`;
const INDICATOR = payload('indicator');
const UNIT = `督办单位${payload('unit')}`.slice(0, 100);

interface Watch {
  violations: string[];
  hits: string[];
}

/**
 * Issue 12 (stored script injection): a script-bearing indicator, unit name, item title, narrative and comment go
 * through import, report and review; every console page is opened as every role and every chart hovered; no injected
 * script may run and no Content-Security-Policy violation may happen.
 */
describe('no stored script injection in the console', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let planId: string;
  let itemId: string;
  const watches: Watch[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    const supervisor = await signIn('supervisor');
    const reporter = await signIn('gxw-reporter');
    const { fileName, content } = composedPlan(String(10000 + randomInt(89999)));
    const imported = await api('POST', '/plans/import', { token: supervisor, body: { fileName, content } });
    expect(imported.status).toBe(201);
    planId = imported.body.planId;
    const draft = await api<Array<{ id: string; code: string }>>('GET', `/plans/${planId}/items`, { token: supervisor });
    itemId = (draft.body.find((i) => i.code === 'T01') as { id: string }).id;
    // The import editor's corrections: the title, a cooperating unit and the target, each carrying a script.
    const corrected = await api('PATCH', `/plans/${planId}/items/${itemId}`, {
      token: supervisor,
      body: {
        title: `推进4K电视网络应用${payload('title')}`,
        coUnits: ['市发展改革委', UNIT],
        targets: [{ year: 2026, indicator: INDICATOR, value: 300, unit: `万户${payload('u')}`.slice(0, 20), text: payload('target-text') }],
      },
    });
    expect(corrected.status).toBe(200);
    expect((await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: { startOn: overdueQuarterStart() } })).status).toBe(200);
    const state = await eventually('T01 to wait for its report', async () => {
      const res = await api('GET', `/items/${itemId}/state`, { token: supervisor });
      return res.body?.waitingFor === 'report' ? res.body : undefined;
    });
    const periodKey = state.periodKey as string;
    const submit = (narrative: string) =>
      api('POST', `/items/${itemId}/reports`, {
        token: reporter,
        body: {
          periodKey,
          narrative,
          problems: payload('problems'),
          nextSteps: payload('next-steps'),
          indicatorValues: [{ indicator: INDICATOR, value: 120 }],
        },
      });
    const first = await submit(payload('narrative'));
    expect(first.status).toBe(201);
    expect(
      (await api('POST', `/reports/${first.body.reportId}/review`, { token: supervisor, body: { decision: 'return', comment: payload('comment') } })).status,
    ).toBe(200);
    await eventually('T01 to wait for the resubmission', async () => {
      const res = await api('GET', `/items/${itemId}/state`, { token: supervisor });
      return res.body?.waitingFor === 'resubmission' ? true : undefined;
    });
    const second = await submit(payload('narrative-2'));
    expect(second.status).toBe(201);
    expect(
      (await api('POST', `/reports/${second.body.reportId}/review`, { token: supervisor, body: { decision: 'approve', comment: payload('approval') } })).status,
    ).toBe(200);
    // A report waiting in the queue too: T02's, with a script in its narrative.
    const t02 = (draft.body.find((i) => i.code === 'T02') as { id: string }).id;
    await eventually('T02 to wait for its report', async () => {
      const res = await api('GET', `/items/${t02}/state`, { token: supervisor });
      return res.body?.waitingFor === 'report' ? true : undefined;
    });
    expect(
      (await api('POST', `/items/${t02}/reports`, { token: reporter, body: { periodKey, narrative: payload('queued'), indicatorValues: [] } })).status,
    ).toBe(201);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  /** A signed-in page that records CSP violations and the payload's calls. */
  async function watched(username: string): Promise<{ page: Page; watch: Watch }> {
    const { context, page } = await signedIn(browser, username);
    contexts.push(context);
    const watch: Watch = { violations: [], hits: [] };
    watches.push(watch);
    await page.exposeFunction('__xssReport', (what: string, detail: string) => (what === 'hit' ? watch.hits : watch.violations).push(detail));
    // Runs in the page (a string: this file is compiled for Node, without the DOM's types).
    const arm = `
      window.__xssHit = (where) => window.__xssReport('hit', where + ' at ' + location.pathname);
      document.addEventListener('securitypolicyviolation', (e) => window.__xssReport('csp', e.violatedDirective + ' ' + e.blockedURI + ' at ' + location.pathname));
    `;
    await context.addInitScript({ content: arm });
    await page.evaluate(arm);
    return { page, watch };
  }

  /** Moves the mouse over every chart on the page, so every tooltip formatter runs. */
  async function hoverCharts(page: Page): Promise<number> {
    const canvases = page.locator('canvas');
    const count = await canvases.count();
    for (let c = 0; c < count; c += 1) {
      const box = await canvases.nth(c).boundingBox();
      if (!box) continue;
      await canvases.nth(c).scrollIntoViewIfNeeded();
      const again = (await canvases.nth(c).boundingBox()) ?? box;
      for (let y = 8; y < again.height; y += 14) {
        for (const x of [0.3, 0.5, 0.8]) await page.mouse.move(again.x + again.width * x, again.y + y);
      }
    }
    return count;
  }

  const ROLES = ['supervisor', 'leader', 'sysadmin', 'secadmin', 'auditadmin', 'gxw-reporter', 'gxw-head', 'fgw-reporter'];

  it.each(ROLES)('runs no injected script on any page as %s', async (username) => {
    const { page, watch } = await watched(username);
    const pages = [`/dashboard?plan=${planId}`, '/queue', `/items/${itemId}`, '/my', '/leader', '/import', `/import/${planId}`, '/inbox'];
    let charts = 0;
    for (const path of pages) {
      await page.goto(consoleUrl(path));
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(600); // charts draw a frame after the page
      charts += await hoverCharts(page);
    }
    if (username === 'supervisor') {
      // The indicator chart's one bar, hovered where it is drawn: its tooltip shows the record's markup as text.
      await page.goto(consoleUrl(`/dashboard?plan=${planId}`));
      const chart = page.locator('[role="img"][aria-label="指标进展"] canvas');
      await chart.waitFor();
      await chart.scrollIntoViewIfNeeded();
      const box = await chart.boundingBox();
      if (!box) throw new Error('the indicator chart has no box');
      // T01's is the first of the plan's three bars (grid top 8, bottom 24): the middle of the top third.
      await page.mouse.move(box.x + box.width / 2, box.y + 8 + (box.height - 32) / 6, { steps: 5 });
      const tooltip = page
        .locator('div')
        .filter({ hasText: /T01 indicator<img/ })
        .last();
      await tooltip.waitFor({ state: 'visible' });
      expect(await tooltip.innerText()).toContain(`indicator<img src=x onerror="__xssHit('indicator')">`);
      await screenshot(page, 'security-xss-indicator-tooltip');
      expect(charts).toBeGreaterThan(0);
    }
    expect(watch.hits).toEqual([]);
    expect(watch.violations).toEqual([]);
  });

  it('the payloads did reach the console (the check above is not vacuous)', async () => {
    const { page } = await watched('supervisor');
    await page.goto(consoleUrl(`/items/${itemId}`));
    // Waits for the record itself: on a loaded machine the network can go quiet before the page has rendered it.
    await page
      .getByText(/comment<img/)
      .first()
      .waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain(`title<img src=x onerror="__xssHit('title')">`);
    expect(text).toContain(`comment<img src=x onerror="__xssHit('comment')">`);
    expect(text).toContain(`approval<img src=x onerror="__xssHit('approval')">`);
    // The approved report, opened from the timeline (newest first): its narrative is shown as text.
    await page.getByRole('button', { name: '查看' }).first().click();
    await page
      .getByText(/narrative-2<img/)
      .first()
      .waitFor();
    expect(watches.every((w) => w.hits.length === 0)).toBe(true);
  });
});
