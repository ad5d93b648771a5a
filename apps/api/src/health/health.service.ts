import { Inject, Injectable } from '@nestjs/common';
import type { DubanConfig } from '@duban/config';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DataSource } from 'typeorm';
import { CONFIG, TEMPORAL_CLIENT } from '../tokens';

/** A worker counts as polling when Temporal saw it ask for work this recently. */
const POLLED_WITHIN_MS = 2 * 60 * 1000;

export interface HealthReport {
  postgres: 'up' | 'down';
  temporal: 'up' | 'down';
  worker: 'polling' | 'none' | 'unknown';
}

@Injectable()
export class HealthService {
  constructor(
    private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: DubanConfig,
  ) {}

  async check(): Promise<HealthReport> {
    const [postgres, temporalUp, worker] = await Promise.all([
      this.db.query('SELECT 1').then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.temporal.workflowService.getSystemInfo({}).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.workerPolling(),
    ]);
    return { postgres, temporal: temporalUp, worker };
  }

  private async workerPolling(): Promise<HealthReport['worker']> {
    try {
      const { pollers } = await this.temporal.workflowService.describeTaskQueue({
        namespace: this.config.temporal.namespace,
        taskQueue: { name: this.config.temporal.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      const since = Date.now() - POLLED_WITHIN_MS;
      const recent = (pollers ?? []).some((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000 >= since);
      return recent ? 'polling' : 'none';
    } catch {
      return 'unknown';
    }
  }
}
