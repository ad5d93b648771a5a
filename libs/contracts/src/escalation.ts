import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EscalationLadder, EscalationRole, NoticeColour, SupervisionPolicy } from './policy';
import type { IndicatorValue } from './supervision';

/** Deterministic: one escalation per item, period and overdue spell (a returned report can fall overdue again). */
export function escalationWorkflowId(itemWorkflowId: string, periodKey: string, round: number): string {
  return `${itemWorkflowId}:escalation:${periodKey}:${round}`;
}

export interface EscalationInput {
  itemId: string;
  /** The item's workflow, which started this escalation and hears of each level reached. */
  parentWorkflowId: string;
  periodKey: string;
  /** The due date that was missed. */
  dueOn: string;
  ladder: EscalationLadder;
  leadUnitIds: string[];
  /** Set when the escalation continues as new (a long overdue spell): where the previous run left off. */
  continued?: EscalationContinuation;
}

/** What an escalation carries into its next run, so that nothing is sent twice or missed. */
export interface EscalationContinuation {
  escalationId: string;
  /** The highest level reached so far (-1 before the first notice). */
  level: number;
  acknowledged: boolean;
  noticesIssued: number;
  /** The index of the next step of the ladder (repeats included) to date and send. */
  nextStepIndex: number;
  /** Runs before this one. */
  runs: number;
}

/** 'rescheduled': a newer holiday calendar moved the due date past today, so the period is no longer overdue. */
export type EscalationResolution = 'report-arrived' | 'extended' | 'closed' | 'rescheduled';

export interface EscalationResult {
  escalationId: string;
  /** The highest level reached (0-based), or -1 if it ended before the first notice. */
  levelReached: number;
  acknowledged: boolean;
  resolution: EscalationResolution;
  noticesIssued: number;
}

export interface AcknowledgeInput {
  personId: string;
  role: EscalationRole | 'admin';
  unitId: string | null;
  comment?: string;
}

export interface AcknowledgeResult {
  escalationId: string;
  level: number;
  acknowledgedOn: string;
}

export interface EscalationState {
  escalationId: string | null;
  periodKey: string;
  dueOn: string;
  /** -1 before the first notice. */
  level: number;
  acknowledged: boolean;
  nextStepOn: string | null;
}

/** Sent by the item's workflow: the report arrived, the due date moved, or the item closed. */
export const resolveEscalationSignal = defineSignal<[{ resolution: EscalationResolution }]>('resolveEscalation');
/** Sent by the escalation to the item's workflow whenever it reaches a level. */
export const escalationLevelSignal = defineSignal<[{ periodKey: string; level: number; colour: NoticeColour }]>('escalationLevel');
export const acknowledgeEscalationUpdate = defineUpdate<AcknowledgeResult, [AcknowledgeInput]>('acknowledgeEscalation');
export const escalationStateQuery = defineQuery<EscalationState>('escalationState');

/** One step of the ladder, dated by the calendar (computed in an activity). */
export interface EscalationStep {
  /** 0, 1, 2, …: steps past the top level are its repeats. */
  index: number;
  level: number;
  /** YYYY-MM-DD, Asia/Shanghai: the notice goes out at 09:00 on this working day. */
  on: string;
}

// ---- extension (延期), closure (办结), key item (重点督办), policy, contributions of cooperating units ----

export interface RequestExtensionInput {
  periodKey: string;
  unitId: string;
  requestedBy: string;
  reason: string;
  /** YYYY-MM-DD: the new due date asked for. */
  requestedDueOn: string;
}

export interface RequestExtensionResult {
  requestId: string;
  periodKey: string;
  currentDueOn: string;
  requestedDueOn: string;
}

export interface DecideExtensionInput {
  requestId: string;
  supervisorId: string;
  comment?: string;
}

export interface DecideExtensionResult {
  requestId: string;
  decision: 'approved' | 'rejected';
  dueOn: string;
}

export interface RequestClosureInput {
  unitId: string;
  requestedBy: string;
  reason: string;
}

export interface RequestClosureResult {
  requestId: string;
}

export interface DecideClosureInput {
  requestId: string;
  supervisorId: string;
  comment?: string;
}

export interface DecideClosureResult {
  requestId: string;
  decision: 'approved' | 'rejected';
  /** For an approval: the item closes at the end of this day unless the leader gives a new instruction. */
  signOffBy?: string;
}

/** The leader's answer to an approved closure: sign it off now, or give a new instruction (the item stays open). */
export interface LeaderClosureInput {
  requestId: string;
  leaderId: string;
  decision: 'sign-off' | 'instruct';
  /** The new instruction (批示), required for 'instruct'. */
  instruction?: string;
}

export interface LeaderClosureResult {
  requestId: string;
  closed: boolean;
}

export interface SetKeyItemInput {
  keyItem: boolean;
  /** The policy to apply from the next period (the plan's key-item policy, or its ordinary one). */
  policy: SupervisionPolicy;
  by: string;
}

export interface ChangePolicyInput {
  policy: SupervisionPolicy;
  by: string;
}

export interface PolicyChangeResult {
  /** The first period under the new policy starts on this date. */
  appliesFrom: string;
}

export interface SubmitContributionInput {
  periodKey: string;
  unitId: string;
  submittedBy: string;
  narrative: string;
  indicatorValues: IndicatorValue[];
}

export interface SubmitContributionResult {
  contributionId: string;
  periodKey: string;
}

export const requestExtensionUpdate = defineUpdate<RequestExtensionResult, [RequestExtensionInput]>('requestExtension');
export const approveExtensionUpdate = defineUpdate<DecideExtensionResult, [DecideExtensionInput]>('approveExtension');
export const rejectExtensionUpdate = defineUpdate<DecideExtensionResult, [DecideExtensionInput]>('rejectExtension');
export const requestClosureUpdate = defineUpdate<RequestClosureResult, [RequestClosureInput]>('requestClosure');
export const approveClosureUpdate = defineUpdate<DecideClosureResult, [DecideClosureInput]>('approveClosure');
export const rejectClosureUpdate = defineUpdate<DecideClosureResult, [DecideClosureInput]>('rejectClosure');
export const leaderClosureUpdate = defineUpdate<LeaderClosureResult, [LeaderClosureInput]>('leaderClosure');
export const setKeyItemUpdate = defineUpdate<PolicyChangeResult, [SetKeyItemInput]>('setKeyItem');
export const changePolicyUpdate = defineUpdate<PolicyChangeResult, [ChangePolicyInput]>('changePolicy');
export const submitContributionUpdate = defineUpdate<SubmitContributionResult, [SubmitContributionInput]>('submitContribution');

/** Where a closure (办结) stands; carried across periods. */
export interface ClosureState {
  requestId: string;
  state: 'requested' | 'approved';
  /** Set on approval: closes at 00:00 after this day without a new instruction. */
  signOffBy?: string;
}
