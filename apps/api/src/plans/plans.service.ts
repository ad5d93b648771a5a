import { Inject, Injectable, Logger } from '@nestjs/common';
import { type DubanConfig } from '@duban/config';
import { itemWorkflowId, type ItemSupervisionInput } from '@duban/contracts';
import { PlanService, type ParsedPlanDocument, type Plan, type UnitLookup } from '@duban/domain';
import { loadUnitDirectory, parsePlan } from '@duban/plan-parser';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { join } from 'node:path';
import { CONFIG, TEMPORAL_CLIENT } from '../tokens';
import { shanghaiToday } from '../common/shanghai-date';

const UNIT_DIRECTORY = join(__dirname, '../../../../seeds/units.yaml');

@Injectable()
export class PlansService {
  private readonly logger = new Logger(PlansService.name);
  private directory?: UnitLookup;

  constructor(
    private readonly plans: PlanService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: DubanConfig,
  ) {}

  /** Parses the document and stores it as a draft; a document that cannot be read stores nothing. */
  async importDocument(fileName: string, content: string, actor: string): Promise<{ plan: Plan; created: boolean }> {
    const parsed = parsePlan(content, { fileName }) as ParsedPlanDocument;
    return this.plans.importDraft(parsed, content, this.unitDirectory(), actor);
  }

  /** Activates the plan and starts one itemSupervision workflow per item; safe to repeat. */
  async activate(planId: string, startOn: string | undefined, actor: string): Promise<{ started: number; alreadyRunning: number; workflowIds: string[] }> {
    const inputs = await this.plans.activate(planId, startOn ?? shanghaiToday(), actor);
    let started = 0;
    for (const input of inputs) {
      if (await this.startItemWorkflow(input)) started += 1;
    }
    return { started, alreadyRunning: inputs.length - started, workflowIds: inputs.map((i) => itemWorkflowId(i.planCode, i.itemCode)) };
  }

  private async startItemWorkflow(input: ItemSupervisionInput): Promise<boolean> {
    try {
      await this.temporal.workflow.start('itemSupervision', {
        taskQueue: this.config.temporal.taskQueue,
        workflowId: itemWorkflowId(input.planCode, input.itemCode),
        args: [input],
      });
      return true;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw err;
    }
  }

  private unitDirectory(): UnitLookup {
    this.directory ??= loadUnitDirectory(UNIT_DIRECTORY).byName;
    return this.directory;
  }
}
