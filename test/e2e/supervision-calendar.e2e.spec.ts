import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  WorkingDayCalendar,
  chineseDaysCalendarData,
  computePeriodSchedule,
  mergeCalendarData,
  periodBounds,
  periodKeyFor,
  yearOf,
  type CalendarAdjustments,
} from '@duban/calendar';
import { DEFAULT_POLICY } from '@duban/contracts';
import { CalendarVersions, createDataSource } from '@duban/domain';
import type { DataSource } from 'typeorm';
import { Client } from 'pg';
import { logFile, testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';
import { addChannel, retireChannels } from '../support/notification-fixtures';
import { TestSmtpServer } from '../support/notification-receivers';
import { killWorker, startWorker } from '../support/worker-control';

const tag = randomBytes(3).toString('hex');
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const quarter = periodKeyFor(today, 'quarterly');
const packageCalendar = new WorkingDayCalendar();
/**
 * The office's adjustments file: the first working day after the quarter is a day off. Run in 2026Q4 (chinese-days
 * 1.5.7 carries no 2027 notice) that is New Year's Day 2027, Friday 01-01, which the Monday–Friday fallback counts as
 * a working day: exactly the case of next year's arrangements published before the package carries them.
 */
const dayOff = packageCalendar.addWorkingDays(periodBounds(quarter).end, 1);
const adjustments: CalendarAdjustments = { label: `e2e-${tag}`, years: [yearOf(dayOff)], holidays: [dayOff], source: '端到端测试' };
const before = computePeriodSchedule(quarter, DEFAULT_POLICY, packageCalendar);
const newer = new WorkingDayCalendar(mergeCalendarData(chineseDaysCalendarData(), adjustments));
const after = computePeriodSchedule(quarter, DEFAULT_POLICY, newer);

function planYaml(): string {
  return [
    'plan:',
    `  title: 节假日调整测试方案${tag}`,
    `  docNumber: 督办测试〔2026〕77${tag}号`,
    'items:',
    ...['T01', 'T02'].flatMap((code) => [
      `  - code: ${code}`,
      '    section: task',
      `    title: 节假日调整测试事项${code}`,
      '    leadUnits: [市工业和信息化委]',
      ...(code === 'T01' ? ['    coUnits: [市发展改革委]'] : []),
      '    targets:',
      '      - { indicator: 完成率, value: 100, unit: "%", year: 2027 }',
    ]),
  ].join('\n');
}

/**
 * A newer holiday calendar reaches the running supervision through a worker restart with DUBAN_CALENDAR_ADJUSTMENTS,
 * on the real Temporal dev server and PostgreSQL; and an extension request nobody decided lapses with its period.
 */
describe('a newer holiday calendar, and extension requests that lapse', () => {
  let db: Client;
  let supervisor: string;
  let lead: string;
  let items: Record<string, string>;
  const file = join(testEnvironment().dataDir, `calendar-adjustments-${tag}.json`);
  let adjusted = false;
  /** The cooperating unit's group mailbox: a unit email channel for period.* messages, on a real SMTP server. */
  const smtp = new TestSmtpServer();
  const fgwMailbox = `fgw-${tag}@example.test`;
  let orm: DataSource;
  const channelIds: string[] = [];

  const periodRow = async (itemId: string) =>
    (
      await db.query(
        "SELECT to_char(due_on, 'YYYY-MM-DD') AS due, to_char(co_due_on, 'YYYY-MM-DD') AS co FROM reporting_period WHERE item_id = $1 AND key = $2",
        [itemId, quarter],
      )
    ).rows[0] as { due: string; co: string } | undefined;
  const inForce = async () =>
    (await db.query('SELECT version, workflows_signalled, applied_at FROM calendar_version ORDER BY applied_at DESC, version LIMIT 1')).rows[0] as
      | { version: string; workflows_signalled: number; applied_at: Date }
      | undefined;
  const told = async (itemId: string) =>
    (
      await db.query(
        "SELECT p.username, n.key, n.body FROM notification n JOIN person p ON p.id = n.recipient_id WHERE n.item_id = $1 AND n.kind = 'period.rescheduled' ORDER BY n.key, p.username",
        [itemId],
      )
    ).rows as Array<{ username: string; key: string; body: string }>;
  const restartWorker = async (extraEnv: Record<string, string>, version: string) => {
    await killWorker();
    startWorker(extraEnv);
    return eventually(
      `the worker to put calendar ${version} in force`,
      async () => {
        const row = await inForce();
        return row?.version === version ? row : undefined;
      },
      90_000,
    );
  };

  beforeAll(async () => {
    [supervisor, lead] = await Promise.all([signIn('supervisor'), signIn('gxw-reporter')]);
    db = new Client({ connectionString: testEnvironment().databaseUrl });
    await db.connect();
    await smtp.start(Number(new URL(testEnvironment().appEnv.SMTP_URL).port));
    orm = await createDataSource(testEnvironment().databaseUrl).initialize();
    const fgw = await db.query("SELECT id FROM unit WHERE name = '市发展改革委'");
    channelIds.push(await addChannel(orm, { unitId: fgw.rows[0].id, type: 'email', target: fgwMailbox, kinds: ['period.*'] }));
    const imported = await api('POST', '/plans/import', { token: supervisor, body: { fileName: `calendar-${tag}.yaml`, content: planYaml() } });
    expect({ status: imported.status, body: imported.body }).toMatchObject({ status: 201 });
    const planId = imported.body.planId as string;
    expect((await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: { startOn: today } })).status).toBe(200);
    const list = (await api('GET', `/plans/${planId}/items`, { token: supervisor })).body as Array<{ id: string; code: string }>;
    items = Object.fromEntries(list.map((i) => [i.code, i.id]));
    await eventually('both items’ periods to be recorded on the package’s calendar', async () => {
      const rows = await Promise.all(Object.values(items).map(periodRow));
      return rows.every((r) => r?.due === before.dueOn) ? rows : undefined;
    });
  });

  afterAll(async () => {
    // Later suites run on the package's calendar, as they were written for it.
    if (adjusted) await restartWorker({}, packageCalendar.version).catch(() => undefined);
    await retireChannels(orm, channelIds);
    await orm?.destroy();
    await smtp.stop();
    await db?.end();
  });

  it('lapses an extension request nobody decided when the period’s report is approved; deciding it later is a 409', async () => {
    const asked = await api('POST', `/items/${items.T02}/extensions`, {
      token: lead,
      body: { periodKey: quarter, reason: '统计数据尚未汇总', requestedDueOn: newer.addWorkingDays(before.dueOn, 10) },
    });
    expect(asked.status).toBe(201);
    const submitted = await api('POST', `/items/${items.T02}/reports`, {
      token: lead,
      body: { periodKey: quarter, narrative: '按期报送。', indicatorValues: [] },
    });
    expect(submitted.status).toBe(201);
    const approved = await api('POST', `/reports/${submitted.body.reportId}/review`, { token: supervisor, body: { decision: 'approve' } });
    expect(approved.status).toBe(200);

    const lapsed = await eventually('the request to lapse', async () => {
      const list = (await api('GET', `/items/${items.T02}/extensions`, { token: supervisor })).body as Array<{ id: string; status: string }>;
      return list.find((r) => r.id === asked.body.requestId && r.status === 'lapsed');
    });
    expect(lapsed).toMatchObject({ periodKey: quarter, status: 'lapsed', decidedBy: null });
    for (const decision of ['approve', 'reject']) {
      const late = await api('POST', `/extensions/${asked.body.requestId}/${decision}`, { token: supervisor, body: {} });
      expect(late.status).toBe(409);
      expect(late.body.message).toContain(`lapsed undecided when period ${quarter} ended`);
    }
    const audit = await db.query("SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'extension.lapsed'", [asked.body.requestId]);
    expect(audit.rows).toEqual([{ after: { status: 'lapsed', why: 'period-approved', periodKey: quarter } }]);
  });

  it('moves the open period’s due date when a worker starts on a newer calendar, and tells the lead and cooperating units once', async () => {
    expect(after.dueOn).toBe(packageCalendar.addWorkingDays(before.dueOn, 1));
    if (quarter === '2026Q4') {
      // Checked by hand: 5 working days after Thursday 2026-12-31 were 01-01, 04, 05, 06, 07; with New Year's Day off, 01-08.
      expect([before.dueOn, after.dueOn, before.coDueOn, after.coDueOn]).toEqual(['2027-01-07', '2027-01-08', '2027-01-05', '2027-01-06']);
    }
    writeFileSync(file, JSON.stringify(adjustments, null, 2));
    adjusted = true;
    const applied = await restartWorker({ DUBAN_CALENDAR_ADJUSTMENTS: file }, newer.version);
    expect(applied.workflows_signalled).toBeGreaterThanOrEqual(2);

    const moved = await eventually('T01’s period to move', async () => {
      const row = await periodRow(items.T01);
      return row?.due === after.dueOn ? row : undefined;
    });
    expect(moved).toEqual({ due: after.dueOn, co: after.coDueOn });
    const state = await api('GET', `/items/${items.T01}/state`, { token: supervisor });
    expect(state.body).toMatchObject({ periodKey: quarter, dueOn: after.dueOn, schedule: { dueOn: after.dueOn, coDueOn: after.coDueOn } });

    // The lead unit's reporters and head, and the cooperating unit's reporters: one message each.
    const expected = await db.query(
      `SELECT p.username FROM person p JOIN unit u ON u.id = p.unit_id
        WHERE (u.name = '市工业和信息化委' AND p.role IN ('reporter', 'unit-head')) OR (u.name = '市发展改革委' AND p.role = 'reporter') ORDER BY p.username`,
    );
    const messages = await eventually('the units to be told', async () => {
      const rows = await told(items.T01);
      return rows.length === expected.rows.length ? rows : undefined;
    });
    expect(messages.map((m) => m.username).sort()).toEqual(expected.rows.map((r: { username: string }) => r.username));
    expect(messages.map((m) => m.username)).toEqual(expect.arrayContaining(['gxw-reporter', 'fgw-reporter']));
    const leadMessage = messages.find((m) => m.username === 'gxw-reporter')!;
    expect(leadMessage.body).toContain(`由 ${before.dueOn} 调整为 ${after.dueOn}`);
    expect(leadMessage.body).toContain(newer.version);
    expect(messages.find((m) => m.username === 'fgw-reporter')!.body).toContain(`由 ${before.coDueOn} 调整为 ${after.coDueOn}`);
    // The unit's mailbox gets the message once, rendered from the rescheduled template with the new date. (Other
    // suites' plans in the same database also have 市发展改革委 cooperating: their messages are theirs, not counted.)
    const aboutT01 = () => smtp.distinct().filter((m) => m.to.includes(fgwMailbox) && m.subject.includes('节假日调整测试事项T01'));
    const [mail] = await eventually(
      'the cooperating unit’s email',
      async () => {
        const got = aboutT01();
        return got.length > 0 ? got : undefined;
      },
      60_000,
    );
    expect(aboutT01()).toHaveLength(1);
    expect(smtp.distinct().filter((m) => m.to.includes(fgwMailbox) && m.subject.includes('节假日调整测试事项T02'))).toEqual([]);
    expect(mail.subject).toBe(`【报送期限调整】节假日调整测试事项T01（${quarter.slice(0, 4)}年第${quarter.slice(5)}季度）`);
    expect(mail.text).toContain('报送期限已按新的工作日历重新计算，现为');
    expect(mail.text).toContain(`由 ${before.coDueOn} 调整为 ${after.coDueOn}`);
    if (quarter === '2026Q4') expect(mail.text).toContain('现为2027年1月8日（星期五）');
    // T02's period is approved: its dates stay, nobody is told.
    expect(await periodRow(items.T02)).toEqual({ due: before.dueOn, co: before.coDueOn });
    expect(await told(items.T02)).toEqual([]);
    const audit = await db.query("SELECT before, after FROM audit_event WHERE item_id = $1 AND action = 'period.rescheduled'", [items.T01]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].after).toMatchObject({ dueOn: after.dueOn, coDueOn: after.coDueOn, calendarVersion: newer.version });
  });

  it('does nothing when another worker starts on the same calendar', async () => {
    const first = await inForce();
    const messages = (await told(items.T01)).length;
    const checks = () => (readFileSync(logFile(testEnvironment().dataDir, 'worker'), 'utf8').match(/is the one in force/g) ?? []).length;
    const checked = checks();
    await killWorker();
    startWorker({ DUBAN_CALENDAR_ADJUSTMENTS: file });
    await eventually('the new worker to find the calendar in force', async () => (checks() > checked ? true : undefined), 90_000);
    expect(await inForce()).toEqual(first);
    expect(await told(items.T01)).toHaveLength(messages);
    expect((await periodRow(items.T01))?.due).toBe(after.dueOn);
  });

  it('moves it back, and says so, when the adjustments file is taken away', async () => {
    const count = (await told(items.T01)).length;
    await restartWorker({}, packageCalendar.version);
    adjusted = false;
    await eventually('T01’s period to move back', async () => ((await periodRow(items.T01))?.due === before.dueOn ? true : undefined));
    const messages = await eventually('the units to be told again', async () => {
      const rows = await told(items.T01);
      return rows.length === 2 * count ? rows : undefined;
    });
    expect(messages.find((m) => m.username === 'gxw-reporter' && m.key.includes(':calendar:2:'))!.body).toContain(`由 ${after.dueOn} 调整为 ${before.dueOn}`);
  });
  it('applies a version once when several workers start at the same moment', async () => {
    const ds = await createDataSource(testEnvironment().databaseUrl).initialize();
    try {
      const probe = `${packageCalendar.version}+concurrent-${tag}`;
      const told: string[][] = [];
      const tell = async (ids: string[]) => {
        told.push(ids);
        await new Promise((r) => setTimeout(r, 300));
        return ids.length;
      };
      const results = await Promise.all([1, 2, 3].map(() => new CalendarVersions(ds).apply(probe, [2026], tell)));
      expect(results.filter((r) => r.applied)).toEqual([{ version: probe, previous: packageCalendar.version, applied: true, signalled: told[0].length }]);
      expect(told).toHaveLength(1);
      const t01 = await db.query('SELECT workflow_id FROM item WHERE id = $1', [items.T01]);
      expect(told[0]).toContain(t01.rows[0].workflow_id);
      expect((await inForce())?.version).toBe(probe);
    } finally {
      // The workers compute on the package's calendar: put it back in force (nothing to tell, no dates were moved).
      await new CalendarVersions(ds).apply(packageCalendar.version, packageCalendar.dataYears(), async () => 0);
      await ds.destroy();
    }
  });
});
