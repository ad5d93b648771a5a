import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createSupervisionActivities } from '@duban/activities';
import { WorkingDayCalendar } from '@duban/calendar';
import type { DubanConfig } from '@duban/config';
import { ReportQueries, SupervisionRecords } from '@duban/domain';
import { NativeConnection, Worker } from '@temporalio/worker';
import { CONFIG } from './tokens';

const MAX_CACHED_WORKFLOWS = 1_000;

/** Hosts the Temporal worker: starts polling after bootstrap, drains on shutdown. */
@Injectable()
export class SupervisionWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SupervisionWorkerService.name);
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;

  constructor(
    @Inject(CONFIG) private readonly config: DubanConfig,
    private readonly records: SupervisionRecords,
    private readonly queries: ReportQueries,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { address, namespace, taskQueue, workflowBundle } = this.config.temporal;
    this.connection = await NativeConnection.connect({ address });
    this.worker = await Worker.create({
      connection: this.connection,
      namespace,
      taskQueue,
      ...(workflowBundle ? { workflowBundle: { codePath: workflowBundle } } : { workflowsPath: require.resolve('@duban/workflows') }),
      activities: createSupervisionActivities({ records: this.records, queries: this.queries, calendar: new WorkingDayCalendar() }),
      // Item workflows sleep for weeks between steps: caching every one of 10,000 costs ~1.4 GiB (measured);
      // an evicted workflow is replayed from its short, per-period history when it wakes.
      maxCachedWorkflows: MAX_CACHED_WORKFLOWS,
    });
    this.running = this.worker.run();
    this.running.catch((err: unknown) => this.logger.error(`worker stopped: ${String(err)}`));
    this.logger.log(`polling ${taskQueue} on ${address} (${namespace})`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }
}
