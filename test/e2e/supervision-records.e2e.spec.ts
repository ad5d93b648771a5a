import { randomBytes } from 'node:crypto';
import { createSupervisionActivities } from '@duban/activities';
import { WorkingDayCalendar } from '@duban/calendar';
import { DEFAULT_POLICY } from '@duban/contracts';
import { createDataSource, migrate, ReportQueries, revertLastMigration, SupervisionRecords } from '@duban/domain';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { testEnvironment } from '../support/env';
import { api, signIn } from '../support/http';

const tag = randomBytes(3).toString('hex');
/** A year no other suite issues notices in, so its sequence is this test's alone. */
const YEAR = 2031;
const ESCALATION_TABLES = ['closure_request', 'contribution', 'escalation', 'extension_request', 'notice', 'notice_sequence'];

/**
 * The escalation activities on the real PostgreSQL with the real migrations: what a worker crash between a write
 * and the activity's completion turns into is a retry, and a retry must find its first write — one notice, one
 * number, one message per addressee — while concurrent issuers still get consecutive numbers.
 */
describe('escalation records on PostgreSQL', () => {
  let db: DataSource;
  let pg: Client;
  let itemId: string;
  let gxwUnitId: string;
  const mock = new MockActivityEnvironment();
  let activities: ReturnType<typeof createSupervisionActivities>;
  const run = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> => mock.run(fn, ...args) as Promise<R>;

  beforeAll(async () => {
    const { databaseUrl } = testEnvironment();
    db = await createDataSource(databaseUrl).initialize();
    pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    activities = createSupervisionActivities({ records: new SupervisionRecords(db), queries: new ReportQueries(db), calendar: new WorkingDayCalendar() });
    const supervisor = await signIn('supervisor');
    gxwUnitId = (await api('GET', '/auth/me', { token: await signIn('gxw-reporter') })).body.unitId;
    const yaml = [
      'plan:',
      `  title: 督办单编号测试${tag}`,
      `  docNumber: 编号测试〔2026〕${tag}号`,
      'items:',
      '  - code: T01',
      '    section: task',
      '    title: 编号测试事项',
      '    leadUnits: [市工业和信息化委]',
    ].join('\n');
    const imported = await api('POST', '/plans/import', { token: supervisor, body: { fileName: `numbers-${tag}.yaml`, content: yaml } });
    expect(imported.status).toBe(201);
    itemId = (await api('GET', `/plans/${imported.body.planId}/items`, { token: supervisor })).body[0].id;
  });

  afterAll(async () => {
    await pg?.end();
    await db?.destroy();
  });

  const open = (key: string) =>
    run(activities.openEscalation, {
      key,
      itemId,
      parentWorkflowId: `item:NUM:${tag}`,
      periodKey: `${YEAR}Q1`,
      dueOn: `${YEAR}-04-08`,
      startedOn: `${YEAR}-04-09`,
    });
  const issue = (escalationId: string, step: number) =>
    run(activities.issueNotice, {
      escalationId,
      step,
      itemId,
      periodKey: `${YEAR}Q1`,
      dueOn: `${YEAR}-04-08`,
      level: Math.min(step, 2),
      colour: DEFAULT_POLICY.ladder.levels[Math.min(step, 2)].notice,
      recipients: DEFAULT_POLICY.ladder.levels[Math.min(step, 2)].recipients,
      leadUnitIds: [gxwUnitId],
      listInBulletin: step >= 2,
      issuedOn: `${YEAR}-04-09`,
    });

  it('a retried openEscalation finds its row', async () => {
    const key = `item:NUM:${tag}:escalation:${YEAR}Q1:1`;
    const [a, b] = [await open(key), await open(key)];
    expect(a).toEqual(b);
    const rows = await pg.query('SELECT count(*)::int AS n FROM escalation WHERE key = $1', [key]);
    expect(rows.rows[0].n).toBe(1);
  });

  /** Numbers already taken in YEAR (non-zero only on a database kept from an earlier run). */
  let base = 0;

  it('a notice issued again (retried, even concurrently) keeps its number and sends nothing twice', async () => {
    base = (await pg.query('SELECT coalesce(max(seq), 0)::int AS n FROM notice WHERE year = $1', [YEAR])).rows[0].n;
    const { escalationId } = await open(`item:NUM:${tag}:escalation:${YEAR}Q1:2`);
    const attempts = await Promise.allSettled([issue(escalationId, 0), issue(escalationId, 0), issue(escalationId, 0)]);
    // A concurrent duplicate may lose on the unique key and fail; Temporal retries it, and the retry finds the notice.
    const retried = await issue(escalationId, 0);
    const numbers = new Set([...attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value.number] : [])), retried.number]);
    expect([...numbers]).toEqual([retried.number]);
    expect(retried.sent).toBe(0);

    const notices = await pg.query('SELECT number FROM notice WHERE escalation_id = $1', [escalationId]);
    expect(notices.rows).toEqual([{ number: retried.number }]);
    const messages = await pg.query('SELECT p.username FROM notification n JOIN person p ON p.id = n.recipient_id WHERE n.key LIKE $1 ORDER BY p.username', [
      `${escalationId}:notice:0:%`,
    ]);
    expect(messages.rows.map((r) => r.username)).toEqual(['gxw-head', 'gxw-reporter']);
  });

  it('numbers the year’s notices 督办〔YYYY〕第NNNN号 without gaps, across escalations and concurrent issuers', async () => {
    const [{ escalationId: e1 }, { escalationId: e2 }] = [
      await open(`item:NUM:${tag}:escalation:${YEAR}Q1:3`),
      await open(`item:NUM:${tag}:escalation:${YEAR}Q1:4`),
    ];
    await Promise.all([issue(e1, 0), issue(e1, 1), issue(e2, 0), issue(e2, 1), issue(e2, 2)]);
    const rows = await pg.query('SELECT seq, number FROM notice WHERE year = $1 AND seq > $2 ORDER BY seq', [YEAR, base]);
    const expected = [1, 2, 3, 4, 5, 6].map((n) => base + n);
    expect(rows.rows.map((r) => r.seq)).toEqual(expected);
    expect(rows.rows.map((r) => r.number)).toEqual(expected.map((n) => `督办〔${YEAR}〕第${String(n).padStart(4, '0')}号`));
    const level = await pg.query('SELECT level FROM escalation WHERE id = $1', [e2]);
    expect(level.rows[0].level).toBe(2);
  });

  it('the Escalations migration reverts cleanly and applies again (on a database of its own)', async () => {
    const name = `duban_migration_${tag}`;
    await pg.query(`CREATE DATABASE ${name}`);
    const url = new URL(testEnvironment().databaseUrl);
    url.pathname = `/${name}`;
    const fresh = url.toString();
    try {
      const applied = await migrate(fresh);
      expect(applied).toContain('Escalations1795754954768');
      const tables = async () => {
        const probe = new Client({ connectionString: fresh });
        await probe.connect();
        try {
          const res = await probe.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1) ORDER BY table_name",
            [ESCALATION_TABLES],
          );
          const done = await probe.query('SELECT name FROM migrations');
          return { tables: res.rows.map((r) => r.table_name), migrations: done.rows.map((r) => r.name as string) };
        } finally {
          await probe.end();
        }
      };
      expect((await tables()).tables).toEqual(ESCALATION_TABLES);
      // Newer migrations (if any) go first; stop once ours is undone.
      while ((await tables()).migrations.includes('Escalations1795754954768')) await revertLastMigration(fresh);
      expect((await tables()).tables).toEqual([]);
      expect(await migrate(fresh)).toContain('Escalations1795754954768');
      expect((await tables()).tables).toEqual(ESCALATION_TABLES);
    } finally {
      await pg.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});
