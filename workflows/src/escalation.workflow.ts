import {
  INVALID_INPUT,
  NOT_ALLOWED_NOW,
  TEXT_RULES,
  WRONG_UNIT,
  acknowledgeEscalationUpdate,
  escalationLevelSignal,
  escalationStateQuery,
  resolveEscalationSignal,
  type AcknowledgeInput,
  type EscalationInput,
  type EscalationResolution,
  type EscalationResult,
  type EscalationRole,
  type EscalationState,
  type EscalationStep,
  textProblem,
} from '@duban/contracts';
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { instantOf, shanghaiToday } from './shanghai-time';
import { activities } from './supervision-activities';

/** Notices go out at 09:00 Asia/Shanghai on their working day. */
const NOTICE_TIME = '09:00';
/** Steps are dated by the calendar in batches; past the ladder's top each step is a repeat. */
const STEP_BATCH = 12;
/** patched(): histories recorded before it sent every missed step on a late start. */
const CATCH_UP_PATCH = 'escalation-skips-missed-steps';
/**
 * Steps one run takes before it continues as new (sooner when Temporal suggests it): an item left overdue for years
 * repeats its top level every few working days, and each step adds several events to the history (measured: ~6.5).
 */
export const ESCALATION_STEPS_PER_RUN = 50;
/** patched(): histories recorded before it ran every step of an escalation in one run. */
const CONTINUE_PATCH = 'escalation-continues-as-new';

/**
 * 升级: walks the ladder of an overdue period — each level after its delay in working days, the top level
 * repeating — until the report arrives (or the due date moves, or the item closes). An acknowledgement
 * stops the ladder, but the lead unit is still urged (催办) on the following step dates until the report arrives.
 */
export async function escalation(input: EscalationInput): Promise<EscalationResult> {
  const workflowId = workflowInfo().workflowId;
  const carried = input.continued;
  const ending: { resolution: EscalationResolution | null } = { resolution: null };
  const state: EscalationState = {
    escalationId: carried?.escalationId ?? null,
    periodKey: input.periodKey,
    dueOn: input.dueOn,
    level: carried?.level ?? -1,
    acknowledged: carried?.acknowledged ?? false,
    nextStepOn: null,
  };
  let noticesIssued = carried?.noticesIssued ?? 0;

  setHandler(resolveEscalationSignal, ({ resolution: why }) => {
    ending.resolution ??= why;
  });
  setHandler(escalationStateQuery, () => state);
  setHandler(
    acknowledgeEscalationUpdate,
    async (ack) => {
      state.acknowledged = true;
      const acknowledgedOn = shanghaiToday();
      await condition(() => state.escalationId !== null);
      const escalationId = state.escalationId as string;
      await activities.recordAcknowledgement({ escalationId, personId: ack.personId, level: state.level, on: acknowledgedOn, comment: ack.comment });
      return { escalationId, level: state.level, acknowledgedOn };
    },
    { validator: (ack) => validateAcknowledgement(state, input, ending.resolution, ack) },
  );

  // A continued run goes on with the escalation its first run opened.
  const { escalationId } = carried
    ? { escalationId: carried.escalationId }
    : await activities.openEscalation({
        key: workflowId,
        itemId: input.itemId,
        parentWorkflowId: input.parentWorkflowId,
        periodKey: input.periodKey,
        dueOn: input.dueOn,
        startedOn: shanghaiToday(),
      });
  state.escalationId = escalationId;
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);

  let steps: EscalationStep[] = [];
  let fromIndex = carried?.nextStepIndex ?? 0;
  /** The index of the next step to take, and how many steps this run took. */
  let nextStepIndex = fromIndex;
  let stepsThisRun = 0;
  while (ending.resolution === null) {
    if ((stepsThisRun >= ESCALATION_STEPS_PER_RUN || workflowInfo().continueAsNewSuggested) && patched(CONTINUE_PATCH)) {
      await condition(allHandlersFinished);
      if (ending.resolution !== null) break;
      // The same workflow id: the parent's signals, the acknowledgement Update and the parent's wait for the result follow.
      await continueAsNew<typeof escalation>({
        ...input,
        continued: {
          escalationId,
          level: state.level,
          acknowledged: state.acknowledged,
          noticesIssued,
          nextStepIndex,
          runs: (carried?.runs ?? 0) + 1,
        },
      });
    }
    if (steps.length === 0) {
      steps = await activities.escalationSchedule({ dueOn: input.dueOn, ladder: input.ladder, fromIndex, count: STEP_BATCH });
      fromIndex += steps.length;
    }
    const step = steps.shift() as EscalationStep;
    state.nextStepOn = step.on;
    nextStepIndex = step.index + 1;
    stepsThisRun += 1;
    const wait = instantOf(step.on, NOTICE_TIME) - Date.now();
    if (wait > 0 && (await condition(() => ending.resolution !== null, wait))) break;
    if (ending.resolution !== null) break;
    if (wait <= 0 && patched(CATCH_UP_PATCH)) {
      // Started (or resumed) late: go straight to the step due now instead of sending every missed notice at once.
      if (steps.length === 0) {
        steps = await activities.escalationSchedule({ dueOn: input.dueOn, ladder: input.ladder, fromIndex, count: STEP_BATCH });
        fromIndex += steps.length;
      }
      if (instantOf(steps[0].on, NOTICE_TIME) <= Date.now()) continue;
    }

    if (state.acknowledged) {
      await activities.sendFollowUp({
        escalationId,
        step: step.index,
        itemId: input.itemId,
        periodKey: input.periodKey,
        dueOn: input.dueOn,
        leadUnitIds: input.leadUnitIds,
        on: step.on,
      });
      continue;
    }
    const level = input.ladder.levels[step.level];
    await activities.issueNotice({
      escalationId,
      step: step.index,
      itemId: input.itemId,
      periodKey: input.periodKey,
      dueOn: input.dueOn,
      level: step.level,
      colour: level.notice,
      recipients: level.recipients,
      leadUnitIds: input.leadUnitIds,
      listInBulletin: level.listInBulletin,
      issuedOn: step.on,
    });
    noticesIssued += 1;
    if (step.level !== state.level) {
      state.level = step.level;
      await activities.setItemStatus({
        itemId: input.itemId,
        colour: 'red',
        reason: 'escalated',
        periodKey: input.periodKey,
        dueOn: input.dueOn,
        level: step.level,
      });
      await parent.signal(escalationLevelSignal, { periodKey: input.periodKey, level: step.level, colour: level.notice });
    }
  }

  state.nextStepOn = null;
  await condition(allHandlersFinished);
  const ended = ending.resolution as EscalationResolution;
  await activities.closeEscalation({ escalationId, resolution: ended, on: shanghaiToday(), levelReached: state.level });
  return { escalationId, levelReached: state.level, acknowledged: state.acknowledged, resolution: ended, noticesIssued };
}

/** The levels reached so far address these roles; any of them may acknowledge (a unit's people only for their own unit). */
function validateAcknowledgement(state: EscalationState, input: EscalationInput, resolution: EscalationResolution | null, ack: AcknowledgeInput): void {
  if (resolution !== null) throw ApplicationFailure.nonRetryable(`the escalation of ${input.periodKey} has ended (${resolution})`, NOT_ALLOWED_NOW);
  if (state.level < 0)
    throw ApplicationFailure.nonRetryable(
      `no notice has gone out yet for ${input.periodKey}: the first is due on ${state.nextStepOn ?? 'the next working day'}`,
      NOT_ALLOWED_NOW,
    );
  if (state.acknowledged) throw ApplicationFailure.nonRetryable(`the escalation of ${input.periodKey} is already acknowledged`, NOT_ALLOWED_NOW);
  const addressed = new Set<EscalationRole>(input.ladder.levels.slice(0, state.level + 1).flatMap((l) => l.recipients));
  if (ack.role === 'admin' || !addressed.has(ack.role)) {
    throw ApplicationFailure.nonRetryable(`the notices so far address ${[...addressed].join(', ')}; a ${ack.role} cannot acknowledge them`, WRONG_UNIT);
  }
  if ((ack.role === 'reporter' || ack.role === 'unit-head') && (!ack.unitId || !input.leadUnitIds.includes(ack.unitId))) {
    throw ApplicationFailure.nonRetryable('only the lead unit (牵头单位) was urged: another unit cannot acknowledge', WRONG_UNIT);
  }
  const problem = ack.comment === undefined || ack.comment === null ? undefined : textProblem('comment', ack.comment, TEXT_RULES.comment);
  if (problem) throw ApplicationFailure.nonRetryable(problem, INVALID_INPUT);
}
