import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { periodKeyFor } from '@duban/calendar';
import { temporalConnectionOptions, temporalWorkerDeployment } from '@duban/config';
import { temporalCli } from '@duban/infra/src/temporal';
import type { Client as TemporalClient } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Client as PgClient } from 'pg';
import { REPO_ROOT } from '../support/apps';
import { eventually } from '../support/http';
import { escalationsSettled, previousQuarterStart, shanghaiToday, type ActivatedPlan } from '../faults/support/fan-out';
import { syntheticPlan } from '../faults/support/synthetic-plan';
import { Cluster } from './support/cluster';

// The release probes' workers run in this process: their start-up and shutdown lines are not the test's output.
Runtime.install({ logger: new DefaultLogger('WARN') });

const SEED = 'guangzhou-miit-cooperation-plan-2017.txt';
/** The fan-out's size: 1,000 overdue items by default (CLUSTER_FANOUT_ITEMS for a quicker look). */
const FANOUT_ITEMS = Number(process.env.CLUSTER_FANOUT_ITEMS || 1000);
const STREAM_ITEMS = 40;
const STREAM_CLIENTS = 4;

/**
 * The production topology on loopback (make up PROFILE=cluster): the Temporal server on PostgreSQL with mTLS on its
 * frontend, two workers, two API instances behind nginx. Every request below goes through nginx.
 */
describe('the cluster profile: Temporal server on PostgreSQL over mTLS, two workers, two APIs behind nginx', () => {
  const cluster = new Cluster('cluster');
  let db: PgClient;
  let temporal: { client: TemporalClient; close: () => Promise<void> };
  let fanOut: ActivatedPlan;

  beforeAll(async () => {
    await cluster.start();
    db = await cluster.db();
    temporal = await cluster.temporal();
  }, 360_000);

  afterAll(async () => {
    await db?.end();
    await temporal?.close();
    await cluster.stop();
  }, 180_000);

  afterEach(() => {
    expect(cluster.unexpectedExits).toEqual([]);
  });

  it('has the frontend refuse a client without a certificate, and a plaintext one', async () => {
    await expect(cluster.temporal({ withCertificate: false }).then((c) => c.close())).rejects.toThrow();
    const { Connection } = await import('@temporalio/client');
    await expect(Connection.connect({ address: cluster.info.temporalAddress, connectTimeout: '3s' }).then((c) => c.close())).rejects.toThrow();
    // …while the run's client certificate is let in.
    const system = await temporal.client.workflowService.getSystemInfo({});
    expect(system.serverVersion).toMatch(/^1\.30\./);
  });

  it('rolls out changed workflow code with worker versioning: a run started on release 1 finishes on it, new runs start on release 2', async () => {
    const certs = cluster.info.tls as NonNullable<typeof cluster.info.tls>;
    const connection = await NativeConnection.connect(
      temporalConnectionOptions({
        address: cluster.info.temporalAddress,
        tls: { certFile: certs.clientCert, keyFile: certs.clientKey, caFile: certs.caFile, serverName: certs.serverName },
      }),
    );
    const taskQueue = `release-probe-${randomBytes(4).toString('hex')}`;
    const deploymentName = `duban-probe-${randomBytes(4).toString('hex')}`;
    const workers: Array<{ worker: Worker; running: Promise<void> }> = [];
    const startRelease = async (release: 'release-1' | 'release-2') => {
      const worker = await Worker.create({
        connection,
        namespace: 'default',
        taskQueue,
        workflowsPath: require.resolve(`./versioning/${release}.workflows`),
        workerDeploymentOptions: temporalWorkerDeployment({ deployment: { name: deploymentName, buildId: release } }),
      });
      workers.push({ worker, running: worker.run() });
      // A version exists once its workers poll; then it can become the deployment's current one.
      const cli = temporalCli();
      await eventually(
        `${release} to become the current version`,
        async () =>
          spawnSync(
            cli,
            [
              'worker',
              'deployment',
              'set-current-version',
              '--deployment-name',
              deploymentName,
              '--build-id',
              release,
              '--yes',
              ...cluster.info.temporalCliFlags,
            ],
            {
              encoding: 'utf8',
            },
          ).status === 0,
        60_000,
      );
    };
    const start = (name: string) =>
      temporal.client.workflow.start('releaseProbe', { taskQueue, workflowId: `${name}-${randomBytes(4).toString('hex')}`, args: [] });
    const pinnedTo = async (handle: { describe(): Promise<{ raw: any }> }) => {
      const { raw } = await handle.describe();
      return raw.workflowExecutionInfo?.versioningInfo?.deploymentVersion?.buildId as string | undefined;
    };
    try {
      await startRelease('release-1');
      const old = await start('probe-old');
      const period = await start('probe-period');
      await eventually('the old runs to be pinned to release-1', async () => (await pinnedTo(old)) === 'release-1' && (await pinnedTo(period)) === 'release-1');

      await startRelease('release-2');
      const fresh = await start('probe-new');
      await eventually('the new run to be pinned to release-2', async () => (await pinnedTo(fresh)) === 'release-2');

      await Promise.all([old.signal('proceed'), fresh.signal('proceed'), period.signal('nextPeriod')]);
      expect(await old.result()).toBe('release-1 run 1');
      expect(await fresh.result()).toBe('release-2 run 1');
      // The long-lived one's next period (continue-as-new with AUTO_UPGRADE) runs the new code.
      const nextRun = temporal.client.workflow.getHandle(period.workflowId);
      await eventually('the next period to run on release-2', async () => (await pinnedTo(nextRun)) === 'release-2');
      await nextRun.signal('proceed');
      expect(await nextRun.result()).toBe('release-2 run 2');
    } finally {
      for (const { worker } of workers) worker.shutdown();
      await Promise.all(workers.map(({ running }) => running));
      await connection.close();
    }
  }, 240_000);

  it('runs the first slice through nginx: import, activate 17 workflows on the Temporal server, report, approve', async () => {
    const [supervisor, reporter] = [await cluster.signIn('supervisor'), await cluster.signIn('gxw-reporter')];
    const console = await cluster.api('GET', '/console/');
    expect(console.status).toBe(200);
    expect(String(console.body)).toContain('<div id="root">');

    const content = readFileSync(join(REPO_ROOT, 'seeds', SEED), 'utf8');
    const imported = await cluster.api('POST', '/plans/import', { token: supervisor, body: { fileName: SEED, content } });
    expect(imported.status).toBe(201);
    const activated = await cluster.api('POST', `/plans/${imported.body.planId}/activate`, { token: supervisor, body: {} });
    expect(activated.body).toMatchObject({ started: 17 });
    // Visibility (temporal_visibility) follows the histories by a moment.
    await eventually(
      '17 running item workflows in visibility',
      async () => (await temporal.client.workflow.count(`WorkflowType = "itemSupervision" AND ExecutionStatus = "Running"`)).count === 17,
    );

    const items = await cluster.api<Array<{ id: string; code: string }>>('GET', `/plans/${imported.body.planId}/items`, { token: supervisor });
    const t09 = items.body.find((i) => i.code === 'T09') as { id: string };
    const quarter = periodKeyFor(shanghaiToday(), 'quarterly');
    await eventually(
      'T09 to open its period',
      async () => (await cluster.api('GET', `/items/${t09.id}/state`, { token: supervisor })).body.waitingFor === 'report',
    );
    const submitted = await cluster.api('POST', `/items/${t09.id}/reports`, {
      token: reporter,
      body: { periodKey: quarter, narrative: '光纤入户率已达96%。', indicatorValues: [{ indicator: '光纤入户率', value: 96, unit: '%' }] },
    });
    expect(submitted.status).toBe(201);
    const approved = await cluster.api('POST', `/reports/${submitted.body.reportId}/review`, { token: supervisor, body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    const period = await db.query('SELECT state FROM reporting_period WHERE item_id = $1 AND key = $2', [t09.id, quarter]);
    expect(period.rows).toEqual([{ state: 'approved' }]);
  }, 240_000);

  it('records every report once when an API instance is killed (kill -9) in the middle of a stream of keyed submissions', async () => {
    const [supervisor, reporter] = [await cluster.signIn('supervisor'), await cluster.signIn('gxw-reporter')];
    const plan = await activate(supervisor, STREAM_ITEMS, '穗群〔2026〕301号');
    await eventually(
      `all ${STREAM_ITEMS} periods to open`,
      async () => {
        const { rows } = await db.query(
          "SELECT count(*)::int AS n FROM reporting_period p JOIN item i ON i.id = p.item_id WHERE i.plan_id = $1 AND p.state = 'open'",
          [plan.planId],
        );
        return rows[0].n === STREAM_ITEMS;
      },
      120_000,
    );

    // Each client sends its share one after another and retries each submission, with its key, until it is answered.
    let created = 0;
    const answers = new Map<string, string | null>();
    const retried: string[] = [];
    const submitUntilAnswered = async (index: number) => {
      const item = plan.items[index];
      const deadline = Date.now() + 150_000;
      for (;;) {
        const res = await cluster
          .api('POST', `/items/${item.id}/reports`, {
            token: reporter,
            headers: { 'Idempotency-Key': `cluster-stream-${item.code}` },
            body: {
              periodKey: plan.periodKey,
              narrative: `第${index + 1}项工作按计划推进。`,
              indicatorValues: [{ indicator: `指标${index + 1}`, value: 95, unit: '%' }],
            },
          })
          .catch((err: unknown) => ({ status: 0, body: String(err) }));
        if (res.status === 201) {
          created += 1;
          return answers.set(item.code, res.body.reportId as string);
        }
        // An earlier attempt reached the workflow before its API instance died: the report is there, this retry is told so.
        if (res.status === 409 && /waiting for review/.test(JSON.stringify(res.body))) return answers.set(item.code, null);
        // Gone instance (nginx: 502), or the key still held by the request the dead instance was running (409).
        if (![0, 409, 502, 503, 504].includes(res.status) || Date.now() > deadline) {
          throw new Error(`submission ${item.code}: ${res.status} ${JSON.stringify(res.body)}`);
        }
        retried.push(`${item.code}:${res.status}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const clients = Array.from({ length: STREAM_CLIENTS }, async (_, client) => {
      for (let index = client; index < STREAM_ITEMS; index += STREAM_CLIENTS) await submitUntilAnswered(index);
    });
    await eventually('the stream to be under way', async () => created >= 8, 120_000);
    await cluster.host.command({ command: 'kill', app: 'api-1', signal: 'SIGKILL' });
    const atKill = created;
    await Promise.all(clients);
    await cluster.host.command({ command: 'start', app: 'api-1' });

    expect(atKill).toBeLessThan(STREAM_ITEMS);
    expect(answers.size).toBe(STREAM_ITEMS);
    const { rows } = await db.query(
      `SELECT i.code, count(r.id)::int AS reports, min(r.id::text) AS report_id FROM item i LEFT JOIN report r ON r.item_id = i.id
        WHERE i.plan_id = $1 GROUP BY i.code ORDER BY i.code`,
      [plan.planId],
    );
    expect(rows).toHaveLength(STREAM_ITEMS);
    for (const row of rows) {
      expect({ code: row.code, reports: row.reports, reportId: row.report_id }).toEqual({
        code: row.code,
        reports: 1,
        reportId: answers.get(row.code) ?? row.report_id,
      });
    }
    process.stdout.write(`[cluster] stream: api-1 killed after ${atKill} of ${STREAM_ITEMS} reports; retries: ${retried.join(', ') || 'none'}\n`);
  }, 300_000);

  it(`finishes a ${FANOUT_ITEMS}-item fan-out on the other worker when one is killed (kill -9), every notice once per person, step and channel`, async () => {
    const supervisor = await cluster.signIn('supervisor');
    const started = Date.now();
    const plan = await activate(supervisor, FANOUT_ITEMS, '穗群〔2026〕101号', previousQuarterStart());
    fanOut = plan;
    await eventually(
      'the fan-out to be under way',
      async () => {
        const { rows } = await db.query(
          'SELECT count(DISTINCT n.item_id)::int AS items FROM notification n JOIN item i ON i.id = n.item_id WHERE i.plan_id = $1',
          [plan.planId],
        );
        return rows[0].items >= Math.min(50, FANOUT_ITEMS / 4);
      },
      240_000,
    );
    await cluster.host.command({ command: 'kill', app: 'worker-1', signal: 'SIGKILL' });
    const atKill = await db.query('SELECT count(DISTINCT n.item_id)::int AS items FROM notification n JOIN item i ON i.id = n.item_id WHERE i.plan_id = $1', [
      plan.planId,
    ]);

    // worker-2 alone finishes it.
    await eventually('every escalation to have issued its notices up to today', () => escalationsSettled(temporal.client, plan), 480_000);
    const seconds = (Date.now() - started) / 1000;
    await cluster.host.command({ command: 'start', app: 'worker-1' });

    const { rows: perItem } = await db.query(
      `SELECT i.code,
              (SELECT count(*) FROM reporting_period p WHERE p.item_id = i.id)::int AS periods,
              (SELECT count(*) FROM escalation e WHERE e.item_id = i.id)::int AS escalations,
              (SELECT count(*) FROM notice n WHERE n.item_id = i.id)::int AS notices,
              (SELECT count(*) FROM notification n WHERE n.item_id = i.id)::int AS notifications
         FROM item i WHERE i.plan_id = $1 ORDER BY i.code`,
      [plan.planId],
    );
    expect(perItem).toHaveLength(FANOUT_ITEMS);
    const reference = perItem[0];
    expect(reference).toMatchObject({ periods: 1, escalations: 1 });
    expect(reference.notices).toBeGreaterThan(0);
    for (const item of perItem) expect(item).toEqual({ ...reference, code: item.code });
    const duplicates = await db.query(
      `SELECT n.item_id, n.period_key, n.kind, n.recipient_id, n.channel, n.subject, count(*)::int AS copies FROM notification n
        JOIN item i ON i.id = n.item_id WHERE i.plan_id = $1 GROUP BY 1, 2, 3, 4, 5, 6 HAVING count(*) > 1`,
      [plan.planId],
    );
    expect(duplicates.rows).toEqual([]);
    expect(atKill.rows[0].items).toBeLessThan(FANOUT_ITEMS);
    process.stdout.write(
      `[cluster] fan-out of ${FANOUT_ITEMS} items settled in ${seconds.toFixed(0)} s; worker-1 killed with ${atKill.rows[0].items} items notified\n`,
    );
  }, 720_000);

  it('keeps every workflow going across a restart of the Temporal server', async () => {
    const [supervisor, reporter] = [await cluster.signIn('supervisor'), await cluster.signIn('gxw-reporter')];
    const plan = await activate(supervisor, 3, '穗群〔2026〕501号');
    const item = plan.items[0];
    await eventually(
      'the new plan to open',
      async () => (await cluster.api('GET', `/items/${item.id}/state`, { token: supervisor })).body.waitingFor === 'report',
      60_000,
    );
    const running = `WorkflowType = "itemSupervision" AND ExecutionStatus = "Running"`;
    const before = (await temporal.client.workflow.count(running)).count;
    expect(before).toBeGreaterThanOrEqual(17 + STREAM_ITEMS + FANOUT_ITEMS);

    await cluster.host.command({ command: 'restart-temporal' });
    // The workers, the APIs and this client reconnect by themselves: none of them was restarted.
    const after = await eventually('the frontend to answer again', async () => (await temporal.client.workflow.count(running).catch(() => undefined))?.count);
    expect(after).toBe(before);

    // A period opened before the restart takes a report after it, and its review closes it.
    const submitted = await eventually(
      'a report to be accepted after the restart',
      async () => {
        const res = await cluster.api('POST', `/items/${item.id}/reports`, {
          token: reporter,
          headers: { 'Idempotency-Key': 'cluster-after-restart' },
          body: { periodKey: plan.periodKey, narrative: '重启后报送。', indicatorValues: [] },
        });
        return res.status === 201 ? res : undefined;
      },
      90_000,
    );
    const approved = await cluster.api('POST', `/reports/${submitted.body.reportId}/review`, { token: supervisor, body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    // The fan-out's escalations, asleep until their next step, answer queries on the restarted server.
    expect(await escalationsSettled(temporal.client, { ...fanOut, items: fanOut.items.slice(0, 20) })).toBe(true);
  }, 360_000);

  async function activate(token: string, n: number, docNumber: string, startOn?: string): Promise<ActivatedPlan> {
    const imported = await cluster.api('POST', '/plans/import', { token, body: syntheticPlan(n, docNumber) });
    if (imported.status !== 201) throw new Error(`import failed: ${imported.status} ${JSON.stringify(imported.body)}`);
    const activated = await cluster.api('POST', `/plans/${imported.body.planId}/activate`, { token, body: startOn ? { startOn } : {} });
    if (activated.status !== 200 || activated.body.started !== n) throw new Error(`activation failed: ${activated.status} ${JSON.stringify(activated.body)}`);
    const items = await cluster.api<Array<{ id: string; code: string }>>('GET', `/plans/${imported.body.planId}/items`, { token });
    return { planId: imported.body.planId, code: imported.body.code, periodKey: periodKeyFor(startOn ?? shanghaiToday(), 'quarterly'), items: items.body };
  }
});
