import 'reflect-metadata';
import { addCalendarDays, periodBounds, periodKeyFor } from '@duban/calendar';
import { createDataSource } from '@duban/domain';
import type { DataSource } from 'typeorm';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';
import { addChannel, makeUnit, retireChannels } from '../support/notification-fixtures';
import { TestSmtpServer } from '../support/notification-receivers';

const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
/** A quarter two back: already overdue, so the workflows remind and escalate at once. */
const quarter = periodKeyFor(addCalendarDays(periodBounds(periodKeyFor(today, 'quarterly')).start, -100), 'quarterly');

/** Issue 6 on the real path: what the supervision workflows record (here an overdue quarter's escalation) reaches email once. */
describe('notifications from the supervision workflows', () => {
  const smtp = new TestSmtpServer();
  let db: DataSource;
  let unit: Awaited<ReturnType<typeof makeUnit>>;
  const channelIds: string[] = [];
  let leaderId: string;
  let leaderMail: string;

  beforeAll(async () => {
    await smtp.start(Number(new URL(testEnvironment().appEnv.SMTP_URL).port));
    db = await createDataSource(testEnvironment().databaseUrl).initialize();
    unit = await makeUnit(db, '通知流程单位', ['reporter', 'unit-head']);
    // The seeded leader, for the length of this test: an email channel that asked for no kinds at all — the
    // escalation to the leader is critical and goes out anyway. Filtered by this plan's items below.
    leaderId = ((await db.query(`SELECT id FROM person WHERE username = 'leader'`)) as { id: string }[])[0].id;
    leaderMail = `leader-${unit.unitName}@example.test`;
    channelIds.push(await addChannel(db, { personId: leaderId, type: 'email', target: leaderMail, kinds: [] }));
  });

  afterAll(async () => {
    await retireChannels(db, channelIds);
    await db.destroy();
    await smtp.stop();
  });

  it('sends the escalation of an overdue quarter to the leader by email, once, even though the leader chose no kinds', async () => {
    const supervisor = await signIn('supervisor');
    const yaml = [
      'plan:',
      `  title: 通知流程测试方案${unit.unitName}`,
      `  docNumber: 通知〔2026〕${unit.unitName}号`,
      'items:',
      '  - code: T01',
      '    section: task',
      '    title: 推进工业互联网平台建设',
      `    leadUnits: [${unit.unitName}]`,
      '  - code: T02',
      '    section: task',
      '    title: 培育大数据骨干企业',
      `    leadUnits: [${unit.unitName}]`,
    ].join('\n');
    const imported = await api('POST', '/plans/import', { token: supervisor, body: { fileName: `notify-${unit.unitName}.yaml`, content: yaml } });
    expect(imported.status).toBe(201);
    const planId = imported.body.planId as string;
    const items = (await api('GET', `/plans/${planId}/items`, { token: supervisor })).body as { id: string; code: string; title: string }[];
    expect((await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: { startOn: periodBounds(quarter).start } })).status).toBe(200);

    const itemIds = items.map((i) => i.id);

    const { notes, mails } = await eventually(
      'the escalations of both overdue items delivered to the leader by email',
      async () => {
        const rows = (await db.query(
          `SELECT n.id, n.key, n.kind, n.item_id, d.status FROM notification n LEFT JOIN notification_delivery d ON d.notification_id = n.id AND d.channel = 'email'
            WHERE n.item_id = ANY($1::uuid[]) AND n.recipient_id = $2 ORDER BY n.key`,
          [itemIds, leaderId],
        )) as { id: string; key: string; kind: string; item_id: string; status: string | null }[];
        if (new Set(rows.map((r) => r.item_id)).size < 2 || rows.some((r) => r.status !== 'delivered')) return undefined;
        const got = smtp.distinct().filter((m) => m.to.includes(leaderMail));
        return got.length === rows.length ? { notes: rows, mails: got } : undefined;
      },
      90_000,
    );
    for (const note of notes) {
      expect(note.kind).toMatch(/^escalation\./);
      const got = mails.filter((m) => m.idempotencyKey.startsWith(`${note.key}>email:`));
      expect(got).toHaveLength(1);
      const item = items.find((i) => i.id === note.item_id) as { title: string; id: string };
      // The escalation to the leader, with the notice's number from the escalation records and the link to the item.
      expect(got[0].subject).toMatch(new RegExp(`^【提请领导督办】督办〔\\d{4}〕第\\d+号 ${item.title}`));
      expect(got[0].text).toContain(`http://127.0.0.1:3000/items/${item.id}`);
      expect(got[0].text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日（星期[一二三四五六日]）/);
    }
    expect(smtp.mails.filter((m) => m.to.includes(leaderMail))).toHaveLength(mails.length);
    process.stdout.write(
      `workflow notifications: ${notes.length} escalations (${[...new Set(notes.map((n) => n.kind))].join(', ')}) → ${mails.length} emails to the leader\n`,
    );
  });
});
