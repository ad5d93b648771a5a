import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ClosureState } from './escalation';
import type { PeriodSchedule, SupervisionPolicy } from './policy';

export const SUPERVISION_TASK_QUEUE_DEFAULT = 'duban-supervision';

/** Deterministic, so re-running activation never starts a second workflow for an item. */
export function itemWorkflowId(planCode: string, itemCode: string): string {
  return `item:${planCode}:${itemCode}`;
}

export interface ItemSupervisionInput {
  itemId: string;
  planCode: string;
  itemCode: string;
  leadUnitIds: string[];
  coUnitIds: string[];
  policy: SupervisionPolicy;
  /** The period this run supervises; absent on the first run, which takes the period containing startOn. */
  periodKey?: string;
  /** YYYY-MM-DD: supervision starts with the period containing this date. */
  startOn: string;
  /** 重点督办事项: set by setKeyItem, carried across periods. */
  keyItem?: boolean;
  /** A closure (办结) under way, carried into the next period. */
  closure?: ClosureState;
}

export interface IndicatorValue {
  /** The indicator as the item's targets name it (4K电视用户). */
  indicator: string;
  value: number;
  unit?: string;
}

export interface SubmitReportInput {
  periodKey: string;
  unitId: string;
  submittedBy: string;
  narrative: string;
  indicatorValues: IndicatorValue[];
  problems?: string;
  nextSteps?: string;
}

export interface SubmitReportResult {
  reportId: string;
  periodKey: string;
  attempt: number;
}

export type ReviewDecision = 'approve' | 'return';

export interface ReviewReportInput {
  reportId: string;
  decision: ReviewDecision;
  comment?: string;
  reviewerId: string;
}

export interface ReviewReportResult {
  reportId: string;
  decision: ReviewDecision;
  periodKey: string;
  /** For a return: the new due date of the resubmission. */
  resubmitDueOn?: string;
}

/** What the item's workflow waits for now. */
export type WaitingFor = 'period-start' | 'report' | 'review' | 'resubmission' | 'next-period' | 'closed';

export interface SupervisionState {
  itemId: string;
  periodKey: string;
  periodState: 'upcoming' | 'open' | 'submitted' | 'returned' | 'approved' | 'closed';
  schedule: PeriodSchedule;
  dueOn: string;
  waitingFor: WaitingFor;
  pendingReportId: string | null;
  attempt: number;
  /** The level the running escalation has reached (0-based), -1 before its first notice, null if none runs. */
  escalationLevel: number | null;
  /** An extension (延期) request waiting for a supervisor. */
  pendingExtension: { requestId: string; requestedDueOn: string } | null;
  closure: ClosureState | null;
  keyItem: boolean;
  /** A policy change (setKeyItem / changePolicy) waiting for the next period boundary. */
  policyChangePending: boolean;
  /** The item is closed (办结): the workflow has ended or is ending. */
  closed: boolean;
}

export const submitReportUpdate = defineUpdate<SubmitReportResult, [SubmitReportInput]>('submitReport');
export const reviewReportUpdate = defineUpdate<ReviewReportResult, [ReviewReportInput]>('reviewReport');
export const supervisionStateQuery = defineQuery<SupervisionState>('supervisionState');

/**
 * Sent to every running item workflow when the worker runs on a calendar version not applied before (a newer
 * `chinese-days`, or a changed DUBAN_CALENDAR_ADJUSTMENTS file): the workflow recomputes its open period's dates.
 */
export const calendarChangedSignal = defineSignal<[{ version: string }]>('calendarChanged');

/** How the current due date was set, which says how a new calendar recomputes it. */
export type DueDateBasis =
  /** The period's own schedule: N working days after the period's end. */
  | { kind: 'schedule' }
  /** A returned report's resubmission window: N working days after the return. */
  | { kind: 'resubmission'; returnedOn: string }
  /** A date a supervisor granted (延期): kept, unless the new calendar makes it a day off. */
  | { kind: 'extension' };

/** Failure types thrown by update validators; the API turns them into 409 (or 403) with this message. */
export const NOT_ALLOWED_NOW = 'NotAllowedNow';
export const WRONG_UNIT = 'WrongUnit';
export const INVALID_INPUT = 'InvalidInput';
/** Failure type of an activity whose write PostgreSQL refused for its data (classes 22/23): retrying cannot cure it. */
export const UNSTORABLE_INPUT = 'UnstorableInput';
