import { Inject, Injectable } from '@nestjs/common';
import { type DubanConfig } from '@duban/config';
import { changePolicyUpdate, itemWorkflowId, policyProblem, type ItemSupervisionInput } from '@duban/contracts';
import {
  GroupDutyService,
  InvalidInputError,
  PlanReviewService,
  PlanService,
  unknownUnitWarning,
  unreachedUnitWarning,
  type DraftItemChanges,
  type ImportResult,
  type Item,
  type ParsedPlanDocument,
  type RecordedChoices,
  type UnitLookup,
} from '@duban/domain';
import { loadUnitDirectory, parsePlanInChild, toPlanYaml, type ParsedPlan } from '@duban/plan-parser';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { PlanPoliciesDto } from './dto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { CONFIG, TEMPORAL_CLIENT } from '../tokens';
import { shanghaiToday } from '../common/shanghai-date';

const ACTIVATION_CONCURRENCY = 16;
const UNIT_DIRECTORY = join(__dirname, '../../../../seeds/units.yaml');
const REVIEW_CHOICES = join(__dirname, '../../../../seeds/review-choices.yaml');

export interface ActivationResult {
  started: number;
  alreadyRunning: number;
  workflowIds: string[];
  /** Things a supervisor should still look at: deadlines to confirm, units the directory does not know. */
  warnings: string[];
}

@Injectable()
export class PlansService {
  private directory?: UnitLookup;
  private choices?: Array<{ title: string; items: RecordedChoices }>;

  constructor(
    private readonly plans: PlanService,
    private readonly planReview: PlanReviewService,
    private readonly groupDuties: GroupDutyService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: DubanConfig,
  ) {}

  /**
   * Parses the document and stores it as a draft, all or nothing. The same document twice is a no-op; a revised
   * document of a plan Duban holds returns the diff and stores nothing (unless it replaces a draft).
   */
  async importDocument(fileName: string, content: Buffer | string, actor: string, replaceDraft = false): Promise<ImportResult> {
    // In a child process: a document that takes the parser long never holds this event loop (issue 12 item 7).
    const parsed = (await parsePlanInChild({ content, fileName, timeoutMs: this.config.planParseTimeoutMs })) as ParsedPlanDocument;
    const text = typeof content === 'string' ? content : content.toString('utf8');
    const result = await this.plans.importDraft(parsed, text, this.unitDirectory(), actor, { replaceDraft });
    const recorded = this.recordedChoices().find((p) => p.title === result.plan.title);
    if (result.created && recorded) await this.groupDuties.applyRecordedChoices(result.plan.id, recorded.items, actor);
    return result;
  }

  updateDraftItem(planId: string, itemId: string, changes: DraftItemChanges, actor: string): Promise<Item> {
    (changes.targets ?? []).forEach((target, index) => {
      const problem = targetProblem(target);
      if (problem) throw new InvalidInputError(`targets[${index}]: ${problem}`, `targets[${index}]`);
    });
    return this.plans.updateDraftItem(planId, itemId, changes, this.unitDirectory(), actor);
  }

  /**
   * Changes the plan's policies. Items that follow the plan's policy get it through their workflow (changePolicy
   * Update, applied at their next period boundary); items with a policy of their own keep it.
   */
  async changePolicies(planId: string, dto: PlanPoliciesDto, actor: string): Promise<{ updated: string[]; refused: Array<{ code: string; reason: string }> }> {
    for (const [field, policy] of Object.entries(dto)) {
      const problem = policy === undefined ? null : policyProblem(policy);
      if (problem) throw new InvalidInputError(`${field}: ${problem.replace(/^policy\.?/, '')}`, field);
    }
    if (!dto.policy && !dto.keyItemPolicy) throw new InvalidInputError('give policy, keyItemPolicy or both', 'policy');
    const followers = await this.plans.updatePolicies(planId, dto, actor);
    const updated: string[] = [];
    const refused: Array<{ code: string; reason: string }> = [];
    for (const { item, policy } of followers) {
      try {
        await this.temporal.workflow.getHandle(item.workflowId as string).executeUpdate(changePolicyUpdate, { args: [{ policy, by: actor }] });
        updated.push(item.code);
      } catch (err) {
        refused.push({ code: item.code, reason: err instanceof WorkflowUpdateFailedError && err.cause ? err.cause.message : String(err) });
      }
    }
    return { updated, refused };
  }

  /** The plan as the hand-written YAML format: export, edit, import again. */
  async exportYaml(planId: string): Promise<string> {
    const plan = await this.plans.get(planId);
    const items = await this.plans.items(planId);
    const document: ParsedPlan = {
      plan: { title: plan.title, docNumber: plan.docNumber, issuer: plan.issuer, issuedOn: plan.issuedOn },
      targets: plan.targets,
      items: items.map((item) => ({
        code: item.code,
        section: item.section,
        number: item.number,
        title: item.title,
        body: item.body,
        leadUnits: unitNames(item, 'lead'),
        coUnits: unitNames(item, 'co'),
        deadlines: item.deadlines,
        targets: item.targets,
      })),
    };
    return toPlanYaml(document);
  }

  /** Activates the plan and starts one itemSupervision workflow per item; safe to repeat. */
  async activate(planId: string, startOn: string | undefined, actor: string): Promise<ActivationResult> {
    const inputs = await this.plans.activate(planId, startOn ?? shanghaiToday(), actor);
    // Bounded concurrency: one start at a time made a 10,000-item activation a six-minute request (measured).
    let started = 0;
    let next = 0;
    const starter = async () => {
      while (next < inputs.length) {
        const input = inputs[next++];
        if (await this.startItemWorkflow(input)) started += 1;
      }
    };
    // The review warnings are read from PostgreSQL while the starts go to Temporal.
    const [warnings] = await Promise.all([this.reviewWarnings(planId), ...Array.from({ length: Math.min(ACTIVATION_CONCURRENCY, inputs.length) }, starter)]);
    return {
      started,
      alreadyRunning: inputs.length - started,
      workflowIds: inputs.map((i) => itemWorkflowId(i.planCode, i.itemCode)),
      warnings,
    };
  }

  private async reviewWarnings(planId: string): Promise<string[]> {
    const items = await this.plans.items(planId);
    const unconfirmed = items.flatMap((i) => i.deadlines.filter((d) => d.confirm).map((d) => `${i.code}: deadline ${d.date} (${d.text}) awaits confirmation`));
    const { unknownUnits } = await this.planReview.review(planId);
    const unreached = await this.planReview.unreachedUnits(planId);
    return [...unconfirmed, ...unknownUnits.map(unknownUnitWarning), ...unreached.map(unreachedUnitWarning)];
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

  /** The review decisions recorded for known plans (seeds/review-choices.yaml), read once. */
  private recordedChoices(): Array<{ title: string; items: RecordedChoices }> {
    this.choices ??= existsSync(REVIEW_CHOICES)
      ? ((load(readFileSync(REVIEW_CHOICES, 'utf8')) as { plans?: Array<{ title: string; items: RecordedChoices }> }).plans ?? [])
      : [];
    return this.choices;
  }

  private unitDirectory(): UnitLookup {
    this.directory ??= loadUnitDirectory(UNIT_DIRECTORY).byName;
    return this.directory;
  }
}

/** The units as the document named them: a group's members resolved at activation are not written out. */
function unitNames(item: Item, role: 'lead' | 'co'): string[] {
  return (item.units ?? [])
    .filter((u) => u.role === role && !u.viaGroupId)
    .sort((a, b) => a.position - b.position)
    .map((u) => u.unit?.name ?? '');
}

/** A target (指标) is an exact value or a range: what the DTO's per-field checks cannot say. */
function targetProblem(target: NonNullable<DraftItemChanges['targets']>[number]): string | null {
  const has = (n: number | undefined | null) => typeof n === 'number';
  if (!has(target.value) && !has(target.min) && !has(target.max)) return 'give value, or min and/or max';
  if (has(target.min) && has(target.max) && (target.min as number) > (target.max as number)) return `min ${target.min} is above max ${target.max}`;
  if (!target.indicator.trim()) return 'indicator: must not be blank';
  return null;
}
