import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createSupervisionActivities } from '@duban/activities';
import type { WorkingDayCalendar } from '@duban/calendar';
import { temporalConnectionOptions, temporalWorkerDeployment, type DubanConfig } from '@duban/config';
import { ReportQueries, SupervisionRecords } from '@duban/domain';
import { NativeConnection, Worker } from '@temporalio/worker';
import { CalendarApplyService } from './calendar-apply.service';
import { CALENDAR, CONFIG } from './tokens';

const MAX_CACHED_WORKFLOWS = 1_000;
/** A frontend that is restarting ("not healthy yet", refused) is waited for this long at start-up before the worker gives up. */
const CONNECT_PATIENCE_MS = 120_000;

/** Hosts the Temporal worker: starts polling after bootstrap, drains on shutdown. */
@Injectable()
export class SupervisionWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SupervisionWorkerService.name);
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;
  private applyTimer?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @Inject(CONFIG) private readonly config: DubanConfig,
    @Inject(CALENDAR) private readonly calendar: WorkingDayCalendar,
    private readonly records: SupervisionRecords,
    private readonly queries: ReportQueries,
    private readonly calendarApply: CalendarApplyService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { address, namespace, taskQueue, workflowBundle } = this.config.temporal;
    this.connection = await this.connect();
    this.worker = await Worker.create({
      connection: this.connection,
      namespace,
      taskQueue,
      ...(workflowBundle ? { workflowBundle: { codePath: workflowBundle } } : { workflowsPath: require.resolve('@duban/workflows') }),
      activities: createSupervisionActivities({ records: this.records, queries: this.queries, calendar: this.calendar }),
      // Item workflows sleep for weeks between steps: caching every one of 10,000 costs ~1.4 GiB (measured);
      // an evicted workflow is replayed from its short, per-period history when it wakes.
      maxCachedWorkflows: MAX_CACHED_WORKFLOWS,
      workerDeploymentOptions: temporalWorkerDeployment(this.config.temporal),
    });
    this.running = this.worker.run();
    this.running.catch((err: unknown) => this.logger.error(`worker stopped: ${String(err)}`));
    this.logger.log(`polling ${taskQueue} on ${address} (${namespace}), calendar ${this.calendar.version}`);
    // Polling first: the workflows told of a new calendar recompute their dates in activities this worker runs.
    this.applyCalendar(0);
  }

  /**
   * A worker started while the Temporal frontend restarts (a deployment, a crash) waits for it instead of exiting:
   * tries again, backing off from 0.5 s to 5 s, for CONNECT_PATIENCE_MS, then gives up with the last error.
   */
  private async connect(): Promise<NativeConnection> {
    const deadline = Date.now() + CONNECT_PATIENCE_MS;
    for (let wait = 500; ; wait = Math.min(wait * 2, 5_000)) {
      try {
        return await NativeConnection.connect(temporalConnectionOptions(this.config.temporal));
      } catch (err) {
        if (this.stopping || Date.now() + wait > deadline) throw err;
        this.logger.warn(`Temporal at ${this.config.temporal.address} not reachable yet (${String(err)}); trying again in ${wait} ms`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** A failure (Temporal or PostgreSQL not reachable yet) is logged and tried again, backing off up to 5 minutes. */
  private applyCalendar(delayMs: number): void {
    this.applyTimer = setTimeout(() => {
      this.calendarApply.apply().catch((err: unknown) => {
        const next = Math.min(Math.max(delayMs * 2, 5_000), 300_000);
        this.logger.error(`calendar ${this.calendar.version} not applied (${String(err)}); trying again in ${next / 1000} s`);
        if (!this.stopping) this.applyCalendar(next);
      });
    }, delayMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.applyTimer);
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }
}
