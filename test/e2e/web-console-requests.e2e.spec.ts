import 'reflect-metadata';
import { randomInt } from 'node:crypto';
import { createDataSource, SupervisionRecords } from '@duban/domain';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';
import { DESKTOP, PHONE, launchChromium, screenshot, signedIn, visit, writeTimings } from './web/browser';
import { composedPlan, overdueQuarterStart, shanghaiWorkingDayIn } from './web/plan-document';

interface PlanItem {
  id: string;
  code: string;
}

jest.setTimeout(300_000);

/** Types a date into an Ant Design date picker and confirms it, as a keyboard user would. */
async function pickDate(page: Page, selector: string, date: string): Promise<void> {
  const input = page.locator(selector);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  await eventually(`${selector} to hold ${date}`, async () => (await input.inputValue()) === date, 10_000);
}

/**
 * Issue 7, the rest of the console in Debian's chromium on the real services: extension and closure requests from the
 * reporter's side to the supervisor's (and the leader's sign-off), reminders in the item timeline, targets and deadlines
 * in the import editor, and the approval queue beyond its first page.
 */
describe('web console: requests, reminders, import targets, queue pages', () => {
  let browser: Browser;
  let db: DataSource;
  let supervisorToken: string;
  const contexts: BrowserContext[] = [];
  let planId: string;
  let planCode: string;
  let items: Record<string, PlanItem>;
  let periodKey: string;
  let dueOn: string;

  const as = async (username: string, viewport = DESKTOP): Promise<Page> => {
    const { context, page } = await signedIn(browser, username, viewport);
    contexts.push(context);
    return page;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    db = await createDataSource(testEnvironment().databaseUrl).initialize();
    supervisorToken = await signIn('supervisor');
    // A plan of our own supervised from an overdue quarter: every item waits for an overdue report.
    const { fileName, content } = composedPlan(String(10000 + randomInt(89999)));
    const imported = await api('POST', '/plans/import', { token: supervisorToken, body: { fileName, content } });
    expect(imported.status).toBe(201);
    planId = imported.body.planId;
    planCode = imported.body.code;
    const activated = await api('POST', `/plans/${planId}/activate`, { token: supervisorToken, body: { startOn: overdueQuarterStart() } });
    expect(activated.status).toBe(200);
    const listed = await api<PlanItem[]>('GET', `/plans/${planId}/items`, { token: supervisorToken });
    items = Object.fromEntries(listed.body.map((i) => [i.code, i]));
    for (const code of ['T01', 'T02', 'T03']) {
      const state = await eventually(`${code} to open its overdue period`, async () => {
        const res = await api('GET', `/items/${items[code].id}/state`, { token: supervisorToken });
        return res.body?.waitingFor === 'report' ? res.body : undefined;
      });
      periodKey = state.periodKey;
      dueOn = state.dueOn;
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await db?.destroy();
    writeTimings('web-timings-requests');
  });

  it('a reporter requests an extension, sees the API’s refusals in the form, and the supervisor approves it: the due date moves', async () => {
    const t01 = items.T01;
    const newDue = shanghaiWorkingDayIn(30);
    const reporter = await as('gxw-reporter');

    // From My items: the report form of the overdue period offers the extension request.
    await visit(reporter, `/my/${t01.id}/${periodKey}`, '[data-testid="request-extension"]', 'my-items');
    await reporter.locator('[data-testid="request-extension"]').click();
    await reporter.locator('#extension-reason').fill('受台风影响，部分区4K示范社区数据尚未汇总完毕，申请延期报送。');
    // A date not after the current due date: the workflow's validator refuses it (400) and the form says why.
    await pickDate(reporter, '#extension-due', dueOn);
    await reporter.locator('#confirm-extension').click();
    const refusal = reporter.locator('.ant-modal [data-testid="request-error"]');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-status')).toBe('400');
    expect(await refusal.innerText()).toContain('填写有误');
    expect(await refusal.innerText()).toContain(`is not after the current due date ${dueOn}`);
    await screenshot(reporter, '16-extension-refused');
    await pickDate(reporter, '#extension-due', newDue);
    await reporter.locator('#confirm-extension').click();
    await reporter.getByText('延期申请已提交，等待督查员审批').waitFor();
    const requested = await api('GET', `/items/${t01.id}/extensions`, { token: supervisorToken });
    expect(requested.body).toEqual([expect.objectContaining({ periodKey, currentDueOn: dueOn, requestedDueOn: newDue, status: 'pending' })]);

    // A second request while the first waits: 409, said in the form on the item page.
    await visit(reporter, `/items/${t01.id}`, '[data-testid="extension-request"][data-status="pending"]', 'item');
    await reporter.locator('[data-testid="request-extension"]').click();
    await reporter.locator('#extension-reason').fill('再次申请。');
    await pickDate(reporter, '#extension-due', shanghaiWorkingDayIn(40));
    await reporter.locator('#confirm-extension').click();
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-status')).toBe('409');
    expect(await refusal.innerText()).toContain('当前状态下不能办理');
    expect(await refusal.innerText()).toContain('already waiting for a supervisor');
    await reporter.keyboard.press('Escape');

    // The supervisor finds it beside the queue, opens the item, approves with a comment.
    const supervisor = await as('supervisor');
    await visit(supervisor, `/queue?plan=${planId}`, '[data-testid="pending-request-T01"][data-kind="extension"]', 'queue');
    expect(await supervisor.locator('[data-testid="pending-request-T01"]').innerText()).toContain(`${dueOn} → ${newDue}`);
    await screenshot(supervisor, '17-queue-pending-requests');
    // What the card reads: GET /requests/pending, for the supervision office only.
    const waiting = await api('GET', `/requests/pending?planId=${planId}`, { token: supervisorToken });
    expect(waiting.body).toEqual([
      expect.objectContaining({ kind: 'extension', itemCode: 'T01', waitingFor: 'supervisor', currentDueOn: dueOn, requestedDueOn: newDue }),
    ]);
    expect((await api('GET', '/requests/pending', { token: await signIn('gxw-reporter') })).status).toBe(403);
    expect((await api('GET', '/requests/pending?planId=not-a-plan', { token: supervisorToken })).status).toBe(400);
    await supervisor.locator('[data-testid="pending-request-T01"]').getByRole('link', { name: /处理/ }).click();
    await supervisor.waitForURL(new RegExp(`/console/items/${t01.id}`));
    expect(await supervisor.locator(`[data-testid="due-${periodKey}"]`).innerText()).toBe(dueOn);
    await supervisor.locator('[data-testid="extension-request"][data-status="pending"] [data-testid="approve-request"]').click();
    await supervisor.locator('#decision-comment').fill('同意延期，请按新时限报送。');
    await supervisor.locator('#confirm-decision').click();
    await supervisor.locator('[data-testid="extension-request"][data-status="approved"]').waitFor();
    await eventually('the due date shown to move', async () => (await supervisor.locator(`[data-testid="due-${periodKey}"]`).innerText()) === newDue);
    const periods = await api('GET', `/items/${t01.id}/periods`, { token: supervisorToken });
    expect(periods.body.find((p: any) => p.key === periodKey).dueOn).toBe(newDue);
    await supervisor.locator('[data-testid="timeline"] [data-action="extension.approved"]').waitFor();
    await screenshot(supervisor, '18-extension-approved');
    // Decided: no longer waiting beside the queue.
    await visit(supervisor, `/queue?plan=${planId}`, 'h1', 'queue');
    await supervisor.locator('.ant-table-tbody').waitFor();
    expect(await supervisor.locator('[data-testid="pending-request-T01"]').count()).toBe(0);
  });

  it('a reporter requests closure (办结), the supervisor approves, the leader signs it off: the item is closed', async () => {
    const t03 = items.T03;
    const reporter = await as('gxw-reporter');
    await visit(reporter, `/items/${t03.id}`, '[data-testid="request-closure"]', 'item');
    await reporter.locator('[data-testid="request-closure"]').click();
    await reporter.locator('#closure-summary').fill('国家级两化融合贯标试点企业已达136家，超额完成130家的目标，申请办结。');
    await reporter.locator('#confirm-closure').click();
    await reporter.getByText('办结申请已提交，等待督查员审批').waitFor();
    await reporter.locator('[data-testid="closure-request"][data-status="requested"]').waitFor();
    // One closure at a time: the button is gone while this one is under way.
    expect(await reporter.locator('[data-testid="request-closure"]').count()).toBe(0);

    const supervisor = await as('supervisor');
    await visit(supervisor, `/queue?plan=${planId}`, '[data-testid="pending-request-T03"][data-kind="closure"]', 'queue');
    await visit(supervisor, `/items/${t03.id}`, '[data-testid="closure-request"][data-status="requested"]', 'item');
    await supervisor.locator('[data-testid="closure-request"] [data-testid="approve-request"]').click();
    await supervisor.locator('#decision-comment').fill('经核实已完成，同意办结，报领导签批。');
    await supervisor.locator('#confirm-decision').click();
    const approved = supervisor.locator('[data-testid="closure-request"][data-status="approved"]');
    await approved.waitFor();
    expect(await approved.innerText()).toContain('待领导签批');
    const closures = await api('GET', `/items/${t03.id}/closures`, { token: supervisorToken });
    expect(closures.body).toEqual([expect.objectContaining({ status: 'approved', signOffBy: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) })]);
    expect((await api('GET', `/items/${t03.id}`, { token: supervisorToken })).body.state).toBe('supervised');

    const leader = await as('leader');
    // The leader's page lists the closures waiting for their sign-off.
    await visit(leader, '/leader', '[data-testid="sign-off-T03"]', 'leader');
    await leader.locator('[data-testid="sign-off-T03"]').getByRole('link', { name: /处理/ }).click();
    await leader.locator('[data-testid="sign-off-closure"]').waitFor();
    await screenshot(leader, '19-closure-awaiting-sign-off');
    await leader.locator('[data-testid="sign-off-closure"]').click();
    await leader.locator('#confirm-decision').click();
    await leader.getByText('已签批办结').waitFor();
    await eventually('T03 to be closed', async () => (await api('GET', `/items/${t03.id}`, { token: supervisorToken })).body.state === 'closed', 60_000);
    await visit(leader, `/items/${t03.id}`, '[data-testid="item-closed"]', 'item');
    await screenshot(leader, '20-closure-signed-off');
  });

  it('the requests work at phone width and read in English', async () => {
    const reporter = await as('gxw-reporter', PHONE);
    await visit(reporter, `/items/${items.T01.id}`, '[data-testid="extension-request"]', 'item');
    const button = reporter.locator('[data-testid="request-extension"]');
    expect(await button.isVisible()).toBe(true);
    const box = await button.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    // Nothing wider than the phone: no sideways scrolling.
    expect(Number(await reporter.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(PHONE.width);
    await screenshot(reporter, '24-phone-item-requests');
    const supervisor = await as('supervisor', PHONE);
    await visit(supervisor, `/queue?plan=${planId}`, 'h1', 'queue');
    await supervisor.locator('.ant-table-tbody').waitFor();
    expect(Number(await supervisor.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(PHONE.width);
    await screenshot(supervisor, '24b-phone-queue');
    await reporter.getByRole('button', { name: 'English' }).click();
    await reporter.getByText('Extension and closure requests').waitFor();
    await reporter.setViewportSize(DESKTOP);
    await screenshot(reporter, '25-item-requests-english');
  });

  it('the item timeline shows the reminders sent, to whom and when', async () => {
    const t02 = items.T02;
    const supervisor = await as('supervisor');
    const reminders = '[data-testid="timeline"] [data-testid="sent-notification"][data-kind="reminder.due"]';
    await visit(supervisor, `/items/${t02.id}`, '[data-testid="timeline"]', 'item');
    expect(await supervisor.locator(reminders).count()).toBe(0);

    // The due-day reminder as the sendReminder activity writes it (whether the workflow itself reminds during the test
    // depends on the calendar day it runs on).
    const people: Array<{ id: string }> = await db.query(`SELECT id FROM person WHERE username IN ('gxw-reporter') ORDER BY username`);
    const sent = await new SupervisionRecords(db).notify({
      stepKey: `item:${planCode}:T02:${periodKey}:reminder.due:lead`,
      recipientIds: people.map((p) => p.id),
      channel: 'inbox',
      kind: 'reminder.due',
      itemId: t02.id,
      periodKey,
      subject: `【报告提醒】建设大数据产业园（${periodKey}）今日截止报送`,
      body: '请于今日下班前报送本期进展。',
    });
    expect(sent).toBe(1);
    await visit(supervisor, `/items/${t02.id}`, reminders, 'item');
    const entry = supervisor.locator(reminders);
    expect(await entry.count()).toBe(1);
    const text = await entry.innerText();
    expect(text).toContain('截止日提醒');
    expect(text).toContain('市工业和信息化委填报人');
    expect(text).toContain(periodKey);
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await screenshot(supervisor, '21-timeline-reminders');

    // The lead unit's reporter sees the item's reminders in its timeline too.
    const reporter = await as('gxw-reporter');
    await visit(reporter, `/items/${t02.id}`, reminders, 'item');
    expect(await reporter.locator(reminders).innerText()).toContain('市工业和信息化委填报人');
  });

  it('the import editor corrects a target and a deadline; bad input is refused with the reason', async () => {
    const supervisor = await as('supervisor');
    const { fileName, content } = composedPlan(String(10000 + randomInt(89999)));
    await visit(supervisor, '/import', '.ant-upload-drag', 'import');
    await supervisor.locator('input[type="file"]').setInputFiles({ name: fileName, mimeType: 'text/plain', buffer: Buffer.from(content, 'utf8') });
    await supervisor.waitForURL(/\/console\/import\/[0-9a-f-]{36}$/);
    const draftId = new URL(supervisor.url()).pathname.split('/').pop() as string;
    const before = (await api('GET', `/plans/${draftId}/items`, { token: supervisorToken })).body.find((i: any) => i.code === 'T01');
    const index = before.targets.findIndex((x: any) => x.indicator === '4K电视用户');
    expect(index).toBeGreaterThanOrEqual(0);
    expect(before.targets[index].value).toBe(300);
    expect(before.deadlines.length).toBeGreaterThan(0);

    // The PATCH the editor sends refuses what is not a target or a date, naming the field, and stores nothing.
    const patchT01 = (body: unknown) => api('PATCH', `/plans/${draftId}/items/${before.id}`, { token: supervisorToken, body });
    const noValue = await patchT01({ targets: [{ indicator: '4K电视用户', year: 2026, unit: '万户', text: '' }] });
    expect(noValue.status).toBe(400);
    expect(noValue.body.message).toBe('targets[0]: give value, or min and/or max');
    const badDate = await patchT01({ deadlines: [{ date: '2026-11-31', text: '到2026年11月底', confirm: false }] });
    expect(badDate.status).toBe(400);
    expect(badDate.body.message).toContain('date');
    const dateTime = await patchT01({ deadlines: [{ date: '2026-11-30T00:00:00Z', text: '到2026年11月底', confirm: false }] });
    expect(dateTime.status).toBe(400);
    expect((await api('GET', `/plans/${draftId}/items`, { token: supervisorToken })).body.find((i: any) => i.code === 'T01')).toMatchObject({
      targets: before.targets,
      deadlines: before.deadlines,
    });

    await supervisor.locator('[data-testid="parsed-T01"]').getByRole('button', { name: /修改/ }).click();
    const value = supervisor.locator(`#target-value-T01-${index}`);
    expect(await supervisor.locator(`#target-indicator-T01-${index}`).inputValue()).toBe('4K电视用户');
    expect(await value.inputValue()).toBe('300');
    // A range whose floor is above its ceiling: the API's 400 is shown in the editor and nothing is stored.
    await value.fill('');
    await supervisor.locator(`#target-min-T01-${index}`).fill('320');
    await supervisor.locator(`#target-max-T01-${index}`).fill('300');
    await supervisor.locator('[data-testid="save-item"]').click();
    const refusal = supervisor.locator('[data-testid="editor-T01"] [data-testid="request-error"]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain(`targets[${index}]: min 320 is above max 300`);
    expect((await api('GET', `/plans/${draftId}/items`, { token: supervisorToken })).body.find((i: any) => i.code === 'T01').targets[index].value).toBe(300);

    await supervisor.locator(`#target-min-T01-${index}`).fill('');
    await supervisor.locator(`#target-max-T01-${index}`).fill('');
    await value.fill('320');
    await pickDate(supervisor, '#deadline-date-T01-0', '2026-11-30');
    expect(await supervisor.locator('#deadline-confirmed-T01-0').isChecked()).toBe(true);
    await screenshot(supervisor, '22-import-edit-targets');
    await supervisor.locator('[data-testid="save-item"]').click();
    await supervisor
      .locator('[data-testid="parsed-T01"]')
      .getByText(/4K电视用户（2026）\s*320万户/)
      .waitFor();

    const after = (await api('GET', `/plans/${draftId}/items`, { token: supervisorToken })).body.find((i: any) => i.code === 'T01');
    expect(after.targets[index]).toMatchObject({ indicator: '4K电视用户', value: 320, unit: before.targets[index].unit, year: before.targets[index].year });
    expect(after.targets[index].min).toBeUndefined();
    expect(after.targets[index].max).toBeUndefined();
    expect(after.targets).toHaveLength(before.targets.length);
    expect(after.deadlines[0]).toMatchObject({ date: '2026-11-30', confirm: false });
  });

  it('the queue follows the next-page cursor: "load more" and j past the last row reach items beyond the first page', async () => {
    const reporterToken = await signIn('gxw-reporter');
    for (const code of ['T01', 'T02']) {
      const res = await api('POST', `/items/${items[code].id}/reports`, {
        token: reporterToken,
        body: { periodKey, narrative: `${code} 本季度工作按计划推进。`, indicatorValues: [] },
      });
      expect(res.status).toBe(201);
    }
    const supervisor = await as('supervisor');
    const rows = supervisor.locator('tr[data-testid^="queue-row-"]');
    await visit(supervisor, `/queue?plan=${planId}&limit=1`, 'tr[data-testid^="queue-row-"]', 'queue');
    expect(await rows.count()).toBe(1);
    expect(await supervisor.locator('[data-testid="queue-shown"]').innerText()).toBe('已显示 1 条');
    await supervisor.locator('[data-testid="load-more"]').click();
    await eventually('the second page to be shown', async () => (await rows.count()) === 2);
    expect((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')))).sort()).toEqual(['queue-row-T01', 'queue-row-T02']);
    expect(await supervisor.locator('[data-testid="queue-shown"]').innerText()).toContain('已全部显示');
    expect(await supervisor.locator('[data-testid="load-more"]').count()).toBe(0);
    await screenshot(supervisor, '23-queue-load-more');

    // By keyboard: j on the last row shown fetches the next page and moves onto it.
    await visit(supervisor, `/queue?plan=${planId}&limit=1`, 'tr[data-testid^="queue-row-"]', 'queue');
    await supervisor.locator('h1').click();
    await supervisor.keyboard.press('j');
    await eventually(
      'j to load and select the second row',
      async () => (await rows.count()) === 2 && (await rows.nth(1).getAttribute('class'))?.includes('queue-row-active'),
    );
  });
});
