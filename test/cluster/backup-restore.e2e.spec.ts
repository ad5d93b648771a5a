import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { periodKeyFor } from '@duban/calendar';
import { REPO_ROOT } from '../support/apps';
import { eventually } from '../support/http';
import { shanghaiToday } from '../faults/support/fan-out';
import { Cluster } from './support/cluster';

const SEED = 'guangzhou-miit-cooperation-plan-2017.txt';
const RUNNING = `WorkflowType = "itemSupervision" AND ExecutionStatus = "Running"`;

/**
 * infra/backup.sh on the cluster profile: a stopped stack backed up, restored into a fresh folder, started there —
 * the same records, and every open workflow still running and taking the next step.
 */
describe('backup and restore of the cluster profile (Duban and Temporal databases together)', () => {
  const work = mkdtempSync(join(tmpdir(), 'duban-backup-'));
  // PostgreSQL runs as its own system user, which must be able to enter the folder the restore goes into.
  chmodSync(work, 0o755);
  const original = new Cluster('backup-original');
  let restored: Cluster | undefined;

  afterAll(async () => {
    if (original.host.running) await original.stop();
    await restored?.stop();
    rmSync(work, { recursive: true, force: true });
  }, 180_000);

  it('restores into a fresh folder with the same records and open workflows', async () => {
    await original.start();
    const [supervisor, reporter] = [await original.signIn('supervisor'), await original.signIn('gxw-reporter')];
    const content = readFileSync(join(REPO_ROOT, 'seeds', SEED), 'utf8');
    const imported = await original.api('POST', '/plans/import', { token: supervisor, body: { fileName: SEED, content } });
    const planId: string = imported.body.planId;
    expect((await original.api('POST', `/plans/${planId}/activate`, { token: supervisor, body: {} })).body).toMatchObject({ started: 17 });
    const items = (await original.api<Array<{ id: string; code: string }>>('GET', `/plans/${planId}/items`, { token: supervisor })).body;
    const t09 = items.find((i) => i.code === 'T09') as { id: string };
    const quarter = periodKeyFor(shanghaiToday(), 'quarterly');
    await eventually(
      'T09 to open',
      async () => (await original.api('GET', `/items/${t09.id}/state`, { token: supervisor })).body.waitingFor === 'report',
      60_000,
    );
    const submitted = await original.api('POST', `/items/${t09.id}/reports`, {
      token: reporter,
      body: { periodKey: quarter, narrative: '备份前报送。', indicatorValues: [{ indicator: '光纤入户率', value: 96, unit: '%' }] },
    });
    expect(submitted.status).toBe(201);
    const records = async (cluster: Cluster) => {
      const db = await cluster.db();
      try {
        const { rows } = await db.query(
          `SELECT (SELECT count(*) FROM item WHERE plan_id = $1)::int AS items,
                  (SELECT count(*) FROM reporting_period p JOIN item i ON i.id = p.item_id WHERE i.plan_id = $1)::int AS periods,
                  (SELECT string_agg(r.id::text || ':' || r.status, ',') FROM report r JOIN item i ON i.id = r.item_id WHERE i.plan_id = $1) AS reports`,
          [planId],
        );
        return rows[0];
      } finally {
        await db.end();
      }
    };
    // A quiet moment to back up: every item's period recorded (the workflows record them as they start).
    const before = await eventually(
      'all 17 periods to be recorded',
      async () => {
        const now = await records(original);
        return now.periods === 17 ? now : undefined;
      },
      120_000,
    );
    const temporalBefore = await original.temporal();
    await eventually('17 running workflows in visibility', async () => (await temporalBefore.client.workflow.count(RUNNING)).count === 17);
    await temporalBefore.close();
    await original.stop({ keepData: true });

    const archive = join(work, 'duban-backup.tar.gz');
    const target = join(work, 'restored');
    execFileSync('bash', [join(REPO_ROOT, 'infra/backup.sh'), 'backup', original.dataDir, archive], { stdio: 'inherit' });
    rmSync(original.dataDir, { recursive: true, force: true });
    execFileSync('bash', [join(REPO_ROOT, 'infra/backup.sh'), 'restore', archive, target], { stdio: 'inherit' });
    // A restore never overwrites: the folder now holds the restored data.
    expect(() => execFileSync('bash', [join(REPO_ROOT, 'infra/backup.sh'), 'restore', archive, target], { stdio: 'pipe' })).toThrow(/not empty/);

    restored = await new Cluster('backup-restored', target).start();
    expect(await records(restored)).toEqual(before);
    expect(before.reports).toMatch(/^[0-9a-f-]+:pending$/);
    const temporal = await restored.temporal();
    try {
      expect((await temporal.client.workflow.count(RUNNING)).count).toBe(17);
      // The open workflow carries on: T09's report, submitted before the backup, is reviewed after the restore.
      const boss = await restored.signIn('supervisor');
      const approved = await restored.api('POST', `/reports/${submitted.body.reportId}/review`, { token: boss, body: { decision: 'approve' } });
      expect(approved.status).toBe(200);
      const db = await restored.db();
      const period = await db.query('SELECT state FROM reporting_period WHERE item_id = $1 AND key = $2', [t09.id, quarter]);
      await db.end();
      expect(period.rows).toEqual([{ state: 'approved' }]);
    } finally {
      await temporal.close();
    }
  }, 600_000);
});
