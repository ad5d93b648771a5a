import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, eventually, signIn } from '../support/http';
import { DESKTOP, PHONE, launchChromium, screenshot, signedIn, visit, writeTimings } from './web/browser';
import { composedPlan, overdueQuarterStart } from './web/plan-document';

interface PlanItem {
  id: string;
  code: string;
  statusColour: string;
}

// A browser journey is many steps; each waits for the real services, so the file gets more than the default.
jest.setTimeout(300_000);

/** Issue 7: the console in Debian's chromium against the real API, worker, Temporal and PostgreSQL. */
describe('web console in chromium', () => {
  let browser: Browser;
  let supervisorToken: string;
  const contexts: BrowserContext[] = [];
  let planId: string;
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
    // A plan of our own, supervised from an overdue quarter: every item starts red and escalates to the leader.
    const { fileName, content } = composedPlan(String(10000 + randomInt(89999)));
    const imported = await api('POST', '/plans/import', { token: supervisorToken, body: { fileName, content } });
    expect(imported.status).toBe(201);
    planId = imported.body.planId;
    const activated = await api('POST', `/plans/${planId}/activate`, { token: supervisorToken, body: { startOn: overdueQuarterStart() } });
    expect(activated.status).toBe(200);
    const listed = await api<PlanItem[]>('GET', `/plans/${planId}/items`, { token: supervisorToken });
    items = Object.fromEntries(listed.body.map((i) => [i.code, i]));
    const state = await eventually('T01 to open its overdue period', async () => {
      const res = await api('GET', `/items/${items.T01.id}/state`, { token: supervisorToken });
      return res.body?.waitingFor === 'report' ? res.body : undefined;
    });
    periodKey = state.periodKey;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    writeTimings();
  });

  it('signs in and lands each role on its home page', async () => {
    const { context, page } = await signedIn(browser, 'gxw-reporter');
    contexts.push(context);
    expect(new URL(page.url()).pathname).toBe('/console/my');
    const signInPage = await browser.newPage({ viewport: DESKTOP });
    signInPage.setDefaultTimeout(60_000);
    await visit(signInPage, '/sign-in', 'button[type="submit"]', 'sign-in');
    await screenshot(signInPage, '01-sign-in');
    await signInPage.locator('#username').fill('supervisor');
    await signInPage.locator('#password').fill('not-the-password');
    await signInPage.locator('button[type="submit"]').click();
    await signInPage.getByRole('alert').filter({ hasText: '用户名或密码不正确' }).waitFor();
    await signInPage.close();
  });

  it('reporter submits → supervisor returns → reporter resubmits → supervisor approves → the dashboard turns green', async () => {
    const reporter = await as('gxw-reporter');
    const supervisor = await as('supervisor');
    const t01 = items.T01;

    // The dashboard before: T01 is red (overdue and escalated).
    await visit(supervisor, `/dashboard?plan=${planId}`, '[data-testid="board-T01"]', 'dashboard');
    await eventually('T01 to be red on the board', async () => {
      await supervisor.reload();
      await supervisor.locator('[data-testid="board-T01"]').waitFor();
      return (await supervisor.locator('[data-testid="board-T01"]').getAttribute('data-colour')) === 'red';
    });
    await supervisor.locator('canvas').first().waitFor();
    await screenshot(supervisor, '02-dashboard-red');

    // Reporter: my items, the report form with the item's indicators, a draft kept across a reload.
    await visit(reporter, '/my', `[data-testid="open-period-T01"]`, 'my-items');
    await visit(reporter, `/my/${t01.id}/${periodKey}`, '#narrative', 'report-form');
    await reporter.locator('#narrative').fill('本季度新增4K电视用户18万户，累计达120万户；光纤入户率达96%。');
    await reporter.locator('input[aria-label="4K电视用户"]').fill('120');
    await reporter.locator('input[aria-label="光纤入户率"]').fill('96');
    await reporter.getByRole('button', { name: /保存草稿/ }).click();
    await reporter.reload();
    await reporter.locator('#narrative').waitFor();
    await eventually(
      'the draft to come back',
      async () =>
        (await reporter.locator('#narrative').inputValue()).includes('累计达120万户') &&
        (await reporter.locator('input[aria-label="4K电视用户"]').inputValue()) === '120',
    );
    await reporter
      .locator('.ant-upload input[type="file"]')
      .setInputFiles({ name: '4K示范社区建设台账.txt', mimeType: 'text/plain', buffer: Buffer.from('示范社区 12 个，名单附后。\n', 'utf8') });
    await reporter.getByText('4K示范社区建设台账.txt').waitFor();
    await screenshot(reporter, '03-report-form');
    await reporter.locator('[data-testid="submit-report"]').click();
    await reporter.getByText('报告已提交，等待审核').waitFor();

    // Supervisor: the queue filtered to our plan; j/k, then r returns with a comment.
    await visit(supervisor, `/queue?plan=${planId}`, '[data-testid="queue-row-T01"]', 'queue');
    await supervisor.locator('[data-testid="queue-row-T01"]').click();
    await supervisor.locator('[data-testid="report-view"]').getByText('累计达120万户').waitFor();
    await supervisor.locator('[data-testid="report-view"]').getByText('4K示范社区建设台账.txt').waitFor();
    await screenshot(supervisor, '04-queue');
    await supervisor.keyboard.press('r');
    const comment = '请补充4K应用示范社区建设进度及下一步计划。';
    await supervisor.locator('#return-comment').fill(comment);
    await supervisor.locator('#confirm-return').click();
    await supervisor.getByText('T01 ' + periodKey + '：已退回').waitFor();
    await eventually('the return to reach the period', async () =>
      (await api('GET', `/items/${t01.id}/periods`, { token: supervisorToken })).body.some((p: any) => p.key === periodKey && p.state === 'returned'),
    );

    // Reporter: the returned report with the supervisor's comment, the unread count in the header; resubmit.
    await visit(reporter, `/my/${t01.id}/${periodKey}`, '[data-testid="returned-comment"]', 'report-form-returned');
    expect(await reporter.locator('[data-testid="returned-comment"]').innerText()).toContain(comment);
    expect(Number(await reporter.locator('[data-testid="unread-count"] .ant-scroll-number').first().getAttribute('title'))).toBeGreaterThan(0);
    await screenshot(reporter, '05-report-returned');
    await reporter
      .locator('#narrative')
      .fill('本季度新增4K电视用户18万户，累计达120万户；光纤入户率达96%。已建成4K应用示范社区12个，下一步推进剩余4个社区建设。');
    await reporter.locator('input[aria-label="4K电视用户"]').fill('120');
    await reporter.locator('input[aria-label="光纤入户率"]').fill('96');
    await reporter.locator('[data-testid="submit-report"]').click();
    await reporter.getByText('报告已提交，等待审核').waitFor();
    await visit(reporter, '/inbox', '.ant-list-item', 'inbox');
    await screenshot(reporter, '06-inbox');

    // Supervisor: the resubmission (attempt 2) approved with the keyboard.
    await visit(supervisor, `/queue?plan=${planId}`, '[data-testid="queue-row-T01"]', 'queue');
    await supervisor.locator('[data-testid="queue-row-T01"]').getByText('第2次').waitFor();
    await supervisor.locator('[data-testid="queue-row-T01"]').click();
    await supervisor.locator('[data-testid="report-view"]').getByText('示范社区12个').waitFor();
    await supervisor.keyboard.press('a');
    await supervisor.getByText('T01 ' + periodKey + '：已通过').waitFor();

    // The dashboard after: T01 green, its 4K indicator at 120 of 300 万户 (40%).
    await eventually(
      'T01 to turn green on the dashboard',
      async () => {
        await visit(supervisor, `/dashboard?plan=${planId}`, '[data-testid="board-T01"]', 'dashboard');
        return (await supervisor.locator('[data-testid="board-T01"]').getAttribute('data-colour')) === 'green';
      },
      60_000,
    );
    const dashboard = await api('GET', `/dashboard/plans/${planId}`, { token: supervisorToken });
    expect(dashboard.body.indicators.find((i: any) => i.itemCode === 'T01' && i.indicator === '4K电视用户')).toMatchObject({
      latestValue: 120,
      goal: 300,
      progress: 0.4,
    });
    await supervisor.locator('canvas').first().waitFor();
    await screenshot(supervisor, '07-dashboard-green');

    // The item page: text, units, targets with progress, periods, and the timeline with who and when.
    await visit(supervisor, `/items/${t01.id}`, '[data-testid="timeline"] [data-action="report.approved"]', 'item');
    for (const action of ['report.submitted', 'report.returned', 'report.approved', 'period.open']) {
      expect(await supervisor.locator(`[data-testid="timeline"] [data-action="${action}"]`).count()).toBeGreaterThan(0);
    }
    expect(await supervisor.locator('[data-testid="timeline"] [data-action="report.returned"]').first().innerText()).toContain(comment);
    // Issue 14: each step reads as a sentence naming the unit, role and person who took it.
    const sentence = async (action: string) =>
      (await supervisor.locator(`[data-testid="timeline"] [data-action="${action}"] [data-testid="timeline-sentence"]`).first().innerText()).replace(
        /\s+/g,
        ' ',
      );
    expect(await sentence('report.submitted')).toMatch(/^市工业和信息化委 填报人 市工业和信息化委填报人 提交报告 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await sentence('report.returned')).toMatch(/^市工业和信息化委 督查员 督查员（工作小组办公室） 退回报告 /);
    expect(await sentence('period.open')).toMatch(/^系统 报告期开始 /);
    await screenshot(supervisor, '08-item');
  });

  it('a leader sees the escalations addressed to them and acknowledges one', async () => {
    const t02 = items.T02;
    const leaderToken = await signIn('leader');
    await eventually('the escalation of T02 to reach the leader', async () => {
      const inbox = await api('GET', '/inbox?limit=200', { token: leaderToken });
      return inbox.body.rows.some((n: any) => n.itemId === t02.id && n.kind.startsWith('escalation.'));
    });
    const leader = await as('leader');
    expect(new URL(leader.url()).pathname).toBe('/console/leader');
    const row = leader.locator(`[data-item-id="${t02.id}"]`).first();
    await visit(leader, '/leader', `[data-item-id="${t02.id}"]`, 'leader');
    await screenshot(leader, '09-leader');
    await row.locator('[data-testid="acknowledge"]').click();
    await leader.locator('#ack-comment').fill('请市工业和信息化委本周内报送，督查室跟踪。');
    await leader.locator('#confirm-acknowledge').click();
    await row.getByText('已阅知').waitFor();
    const escalations = await api('GET', `/items/${t02.id}/escalations`, { token: supervisorToken });
    expect(escalations.body.some((e: any) => e.status === 'acknowledged' && e.acknowledgedBy)).toBe(true);
    await screenshot(leader, '10-leader-acknowledged');
  });

  it('the queue by keyboard: j/k move, c claims, x selects, then bulk approve', async () => {
    const reporterToken = await signIn('gxw-reporter');
    for (const code of ['T02', 'T03']) {
      const res = await api('POST', `/items/${items[code].id}/reports`, {
        token: reporterToken,
        body: { periodKey, narrative: `${code} 本季度工作按计划推进。`, indicatorValues: [] },
      });
      expect(res.status).toBe(201);
    }
    const supervisor = await as('supervisor');
    await visit(supervisor, `/queue?plan=${planId}`, '[data-testid="queue-row-T03"]', 'queue');
    await supervisor.locator('h1').click();
    const active = () => supervisor.locator('tr.queue-row-active').getAttribute('data-testid');
    expect(await active()).toBe('queue-row-T02');
    await supervisor.keyboard.press('j');
    expect(await active()).toBe('queue-row-T03');
    await supervisor.keyboard.press('c');
    await supervisor.locator('[data-testid="queue-row-T03"]').getByLabel('我已认领').waitFor();
    await supervisor.keyboard.press('x');
    await supervisor.keyboard.press('k');
    expect(await active()).toBe('queue-row-T02');
    await supervisor.keyboard.press('x');
    await supervisor.locator('[data-testid="bulk-approve"]').getByText('批量通过（2）').waitFor();
    await screenshot(supervisor, '10b-queue-bulk');
    // Issue 14: bulk approval asks first, with the count, the reports and an optional comment recorded on each.
    await supervisor.locator('[data-testid="bulk-approve"]').click();
    const confirm = supervisor.getByRole('dialog');
    await confirm.getByText('批量通过 2 份报告？').waitFor();
    const listed = await confirm.locator('[data-testid="bulk-approve-list"] li').allInnerTexts();
    expect(listed.map((l) => l.slice(0, 3)).sort()).toEqual(['T02', 'T03']);
    expect(await api('GET', `/items/${items.T02.id}/reports?periodKey=${periodKey}`, { token: supervisorToken }).then((r) => r.body.at(-1).status)).toBe(
      'pending',
    );
    const bulkComment = '本季度工作推进有力，同意。';
    await supervisor.locator('#bulk-comment').fill(bulkComment);
    await screenshot(supervisor, 'issue14-bulk-approve-confirm');
    await supervisor.locator('#confirm-bulk-approve').click();
    await supervisor.getByText('通过 2 份，未能通过 0 份').waitFor();
    for (const code of ['T02', 'T03']) {
      const reports = (await api('GET', `/items/${items[code].id}/reports?periodKey=${periodKey}`, { token: supervisorToken })).body;
      expect(reports.at(-1)).toMatchObject({ status: 'approved', reviewComment: bulkComment });
    }
    await supervisor.getByText('队列已清空').first().waitFor();
    for (const code of ['T02', 'T03']) {
      await eventually(`${code} to be approved`, async () =>
        (await api('GET', `/items/${items[code].id}/periods`, { token: supervisorToken })).body.some((p: any) => p.key === periodKey && p.state === 'approved'),
      );
    }
  });

  it('plan import: upload, review beside the source, correct an item, activate', async () => {
    const supervisor = await as('supervisor');
    const { fileName, content } = composedPlan(String(10000 + randomInt(89999)));
    await visit(supervisor, '/import', '.ant-upload-drag', 'import');
    await supervisor.locator('input[type="file"]').setInputFiles({ name: fileName, mimeType: 'text/plain', buffer: Buffer.from(content, 'utf8') });
    await supervisor.waitForURL(/\/console\/import\/[0-9a-f-]{36}$/);
    const importedId = new URL(supervisor.url()).pathname.split('/').pop() as string;
    await supervisor.locator('[data-testid="parsed-T03"]').waitFor();
    await supervisor
      .locator('.source-text')
      .getByText(/数字家庭与智能制造督办试点方案/)
      .first()
      .waitFor();
    await supervisor.locator('[data-testid="parsed-T01"]').hover();
    await supervisor.locator('.source-text mark').waitFor();
    await screenshot(supervisor, '11-import-review');

    // Correct T03: it gets a cooperating unit the document left out.
    await supervisor.locator('[data-testid="parsed-T03"]').getByRole('button', { name: /修改/ }).click();
    await supervisor.locator('#co-input-T03').fill('市发展改革委');
    await supervisor.locator('[data-testid="save-item"]').click();
    await supervisor.locator('[data-testid="parsed-T03"]').getByText('市发展改革委').waitFor();
    const corrected = await api('GET', `/plans/${importedId}/items`, { token: supervisorToken });
    const t03 = corrected.body.find((i: any) => i.code === 'T03');
    expect(t03.units.filter((u: any) => u.role === 'co').map((u: any) => u.unit.name)).toEqual(['市发展改革委']);

    await supervisor.locator('[data-testid="activate"]').click();
    await supervisor
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await supervisor.locator('[data-testid="plan-status"]').getByText('督办中').waitFor();
    expect((await api('GET', `/plans/${importedId}`, { token: supervisorToken })).body.status).toBe('active');
    await screenshot(supervisor, '12-import-activated');
  });

  it('works at phone width and in English', async () => {
    const reporter = await as('gxw-reporter', PHONE);
    await visit(reporter, '/my', '[data-testid^="open-period-"], .ant-empty', 'my-items');
    await screenshot(reporter, '13-phone-my-items');
    const supervisor = await as('supervisor', PHONE);
    await visit(supervisor, `/dashboard?plan=${planId}`, '[data-testid="board-T01"]', 'dashboard');
    await screenshot(supervisor, '14-phone-dashboard');
    await supervisor.getByRole('button', { name: 'English' }).click();
    await supervisor.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await supervisor.setViewportSize(DESKTOP);
    await screenshot(supervisor, '15-dashboard-english');
  });
});
