import {
  INVALID_INPUT,
  NOT_ALLOWED_NOW,
  UNSTORABLE_INPUT,
  WRONG_UNIT,
  approveClosureUpdate,
  approveExtensionUpdate,
  calendarChangedSignal,
  changePolicyUpdate,
  escalationLevelSignal,
  escalationWorkflowId,
  leaderClosureUpdate,
  rejectClosureUpdate,
  rejectExtensionUpdate,
  requestClosureUpdate,
  requestExtensionUpdate,
  resolveEscalationSignal,
  reviewReportUpdate,
  setKeyItemUpdate,
  submitContributionUpdate,
  submitReportUpdate,
  supervisionStateQuery,
  type DueDateBasis,
  type EscalationResolution,
  type EscalationResult,
  type IndicatorValue,
  type ItemStatusInput,
  type ItemSupervisionInput,
  type ReviewReportInput,
  type ScheduledReminder,
  type SubmitReportInput,
  type SupervisionPolicy,
  type SupervisionState,
  policyProblem,
  textProblem,
  TEXT_RULES,
  type TextRule,
} from '@duban/contracts';
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { escalation } from './escalation.workflow';
import { addDays, instantOf, isIsoDate, shanghaiToday } from './shanghai-time';
import { activities } from './supervision-activities';

/** Reminders go out at 09:00 Asia/Shanghai on their day. */
const REMINDER_TIME = '09:00';
/** patched(): a calendarChanged signal recomputes the open period's due date (histories before it had no such signal). */
const CALENDAR_PATCH = 'calendar-change-recomputes-due-date';
/** patched(): an extension request still undecided when the period ends is recorded as lapsed. */
const LAPSE_PATCH = 'extension-lapses-with-its-period';
/**
 * patched(): a step whose write PostgreSQL refuses for its data (a non-retryable UNSTORABLE_INPUT failure) puts the
 * period's state back as it was before the step and answers the caller with a 400, instead of retrying for ever.
 */
const UNSTORABLE_PATCH = 'unstorable-input-restores-state';

interface RunningEscalation {
  handle: ChildWorkflowHandle<typeof escalation>;
  done: Promise<EscalationResult>;
  /** Set once the escalation has been told to resolve: it is told once. */
  resolution?: EscalationResolution;
}

/**
 * One reporting period of one item: wait for the period, remind, take the lead unit's report (and the
 * cooperating units' contributions), have it reviewed, loop on returns, escalate when overdue, handle
 * extensions and closure, and continue as new with the next period once approved (history stays bounded).
 */
export async function itemSupervision(input: ItemSupervisionInput): Promise<void> {
  const workflowId = workflowInfo().workflowId;
  const scheduled = await activities.schedulePeriod({ itemId: input.itemId, workflowId, policy: input.policy, startOn: input.startOn });
  // The item was closed (办结) in this period: a workflow started for it again has nothing to supervise.
  if (scheduled.state === 'closed') return;
  const state: SupervisionState = {
    itemId: input.itemId,
    periodKey: scheduled.schedule.key,
    periodState: scheduled.state,
    schedule: scheduled.schedule,
    dueOn: scheduled.dueOn,
    waitingFor: 'period-start',
    pendingReportId: null,
    attempt: 0,
    escalationLevel: null,
    pendingExtension: null,
    closure: input.closure ?? null,
    keyItem: input.keyItem ?? false,
    policyChangePending: false,
    closed: false,
  };
  const base = { workflowId, itemId: input.itemId };
  /** Bumped by every handler, so the main loop re-evaluates its timers. */
  let changes = 0;
  const touch = (): void => void (changes += 1);
  const pending: { change: { policy: SupervisionPolicy; keyItem: boolean } | null } = { change: null };
  let running: RunningEscalation | null = null;
  let escalationRound = 0;
  let closeNow = false;
  /** The reminders in force: the period's own (round 0), re-planned whenever the due date moves. */
  const plan = { round: 0, reminders: scheduled.schedule.reminders };
  const contributions = new Map<string, number>();
  /** Requests made in this run, numbering their keys (a second request after a rejection is a new row). */
  const requests = { extension: 0, closure: 0 };
  /** How the due date in force was set (a newer calendar recomputes it accordingly), and a calendar change to look at. */
  const due: { basis: DueDateBasis; calendarChange: string | null; moves: number } = { basis: { kind: 'schedule' }, calendarChange: null, moves: 0 };

  const awaitingReport = (): boolean => state.periodState === 'open' || state.periodState === 'returned';
  const periodDone = (): boolean => state.periodState === 'approved' || state.closed;
  const status = (colour: ItemStatusInput['colour'], reason: ItemStatusInput['reason']): Promise<void> =>
    activities.setItemStatus({ itemId: input.itemId, colour, reason, periodKey: state.periodKey, dueOn: state.dueOn });
  const resolveEscalation = async (resolution: EscalationResolution): Promise<void> => {
    if (!running || running.resolution) return;
    running.resolution = resolution;
    // The state tells of the escalation in force: from here on there is none, though the child still records why.
    state.escalationLevel = null;
    await running.handle.signal(resolveEscalationSignal, { resolution });
  };
  const replanReminders = async (): Promise<void> => {
    const reminders = await activities.dueReminders({ dueOn: state.dueOn, notBefore: shanghaiToday(), policy: input.policy });
    plan.round += 1;
    plan.reminders = reminders;
  };

  /** Runs a step's writes; if the database refuses their data, the state is as before the step and the caller gets a 400. */
  const restoredOnRefusal = async <T>(step: () => Promise<T>, undo: () => void = () => undefined): Promise<T> => {
    const before = { ...state };
    try {
      return await step();
    } catch (err) {
      const refused = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === UNSTORABLE_INPUT;
      if (!refused || !patched(UNSTORABLE_PATCH)) throw err;
      Object.assign(state, before);
      undo();
      touch();
      throw ApplicationFailure.nonRetryable(`the input cannot be stored: ${err.cause?.message ?? 'refused by the database'}`, INVALID_INPUT);
    }
  };

  setHandler(supervisionStateQuery, () => state);
  setHandler(calendarChangedSignal, ({ version }) => {
    due.calendarChange = version;
    touch();
  });
  setHandler(escalationLevelSignal, ({ periodKey, level }) => {
    if (periodKey === state.periodKey && running && !running.resolution) state.escalationLevel = level;
  });

  setHandler(
    submitReportUpdate,
    async (report) => {
      const { reportId, attempt } = await restoredOnRefusal(async () => {
        state.attempt += 1;
        const attempt = state.attempt;
        state.periodState = 'submitted';
        state.waitingFor = 'review';
        touch();
        const recorded = await activities.recordReport({ ...base, attempt, ...report });
        return { reportId: recorded.reportId, attempt };
      });
      state.pendingReportId = reportId;
      await resolveEscalation('report-arrived');
      return { reportId, periodKey: state.periodKey, attempt };
    },
    { validator: (report) => validateSubmission(state, input, report) },
  );

  setHandler(
    reviewReportUpdate,
    async (review) => {
      const { resubmitDueOn } = await restoredOnRefusal(() => {
        const attempt = state.attempt;
        state.pendingReportId = null;
        if (review.decision === 'approve') {
          state.periodState = 'approved';
          state.waitingFor = 'next-period';
        } else {
          state.periodState = 'returned';
          state.waitingFor = 'resubmission';
        }
        return activities.recordReview({
          ...base,
          periodKey: state.periodKey,
          attempt,
          reviewedOn: shanghaiToday(),
          policy: input.policy,
          leadUnitIds: input.leadUnitIds,
          ...review,
        });
      });
      if (resubmitDueOn) {
        state.dueOn = resubmitDueOn;
        due.basis = { kind: 'resubmission', returnedOn: shanghaiToday() };
        await replanReminders();
      } else {
        await status('green', 'approved');
      }
      touch();
      return { reportId: review.reportId, decision: review.decision, periodKey: state.periodKey, resubmitDueOn };
    },
    { validator: (review) => validateReview(state, review) },
  );

  setHandler(
    submitContributionUpdate,
    async (contribution) => {
      const n = (contributions.get(contribution.unitId) ?? 0) + 1;
      contributions.set(contribution.unitId, n);
      const { contributionId } = await restoredOnRefusal(
        () =>
          activities.recordContribution({
            ...contribution,
            key: `${workflowId}:${state.periodKey}:contribution:${contribution.unitId}:${n}`,
            itemId: input.itemId,
          }),
        () => contributions.set(contribution.unitId, n - 1),
      );
      return { contributionId, periodKey: state.periodKey };
    },
    {
      validator: (c) => {
        if (state.closed) notAllowed('the item is closed (办结)');
        if (c.periodKey !== state.periodKey) notAllowed(`contributions go to the current period ${state.periodKey}, not ${c.periodKey}`);
        if (state.periodState === 'approved') notAllowed(`period ${state.periodKey} is closed: its report was approved`);
        if (!input.coUnitIds.includes(c.unitId)) wrongUnit('only a cooperating unit (配合单位) of this item contributes to its report');
        validateNarrative(c.narrative, c.indicatorValues);
      },
    },
  );

  setHandler(
    requestExtensionUpdate,
    async (request) => {
      state.pendingExtension = { requestId: '', requestedDueOn: request.requestedDueOn };
      const currentDueOn = state.dueOn;
      requests.extension += 1;
      const { requestId } = await activities.recordExtensionRequest({
        key: `${workflowId}:${state.periodKey}:extension:${requests.extension}`,
        itemId: input.itemId,
        periodKey: state.periodKey,
        unitId: request.unitId,
        requestedBy: request.requestedBy,
        reason: request.reason,
        currentDueOn,
        requestedDueOn: request.requestedDueOn,
      });
      state.pendingExtension = { requestId, requestedDueOn: request.requestedDueOn };
      return { requestId, periodKey: state.periodKey, currentDueOn, requestedDueOn: request.requestedDueOn };
    },
    {
      validator: (r) => {
        if (state.closed) notAllowed('the item is closed (办结)');
        if (r.periodKey !== state.periodKey) notAllowed(`only the current period ${state.periodKey} can be extended`);
        if (!awaitingReport() && state.periodState !== 'upcoming')
          notAllowed(`period ${state.periodKey} is ${state.periodState}: there is no report to extend`);
        if (state.pendingExtension) notAllowed(`an extension request for ${state.periodKey} is already waiting for a supervisor`);
        if (!input.leadUnitIds.includes(r.unitId)) wrongUnit('only the lead unit (牵头单位) asks for an extension');
        if (!r.reason?.trim()) invalid('reason: say why the report needs more time');
        validateText('reason', r.reason, TEXT_RULES.comment);
        if (!isIsoDate(r.requestedDueOn)) invalid('requestedDueOn: expected a date YYYY-MM-DD');
        if (r.requestedDueOn <= state.dueOn) invalid(`requestedDueOn: ${r.requestedDueOn} is not after the current due date ${state.dueOn}`);
      },
    },
  );

  const validateExtensionDecision = (requestId: string): void => {
    if (periodDone() && state.pendingExtension?.requestId === requestId)
      notAllowed(
        `period ${state.periodKey} has ended (${state.closed ? 'the item is closed' : 'its report was approved'}): extension request ${requestId} lapses undecided`,
      );
    if (!state.pendingExtension?.requestId) notAllowed(`no extension request of ${state.periodKey} is waiting for a decision`);
    if (state.pendingExtension?.requestId !== requestId) notAllowed(`extension request ${requestId} is not the one waiting for a decision`);
  };
  setHandler(
    approveExtensionUpdate,
    async (decision) => {
      const requested = state.pendingExtension as { requestId: string; requestedDueOn: string };
      state.pendingExtension = null;
      state.dueOn = requested.requestedDueOn;
      due.basis = { kind: 'extension' };
      await activities.decideExtension({ ...decision, itemId: input.itemId, periodKey: state.periodKey, decision: 'approved' });
      await resolveEscalation('extended');
      await replanReminders();
      if (awaitingReport()) await status('yellow', 'extended');
      touch();
      return { requestId: decision.requestId, decision: 'approved', dueOn: state.dueOn };
    },
    {
      validator: (d) => {
        validateExtensionDecision(d.requestId);
        validateText('comment', d.comment, TEXT_RULES.comment);
      },
    },
  );
  setHandler(
    rejectExtensionUpdate,
    async (decision) => {
      state.pendingExtension = null;
      await activities.decideExtension({ ...decision, itemId: input.itemId, periodKey: state.periodKey, decision: 'rejected' });
      return { requestId: decision.requestId, decision: 'rejected', dueOn: state.dueOn };
    },
    {
      validator: (d) => {
        validateExtensionDecision(d.requestId);
        validateText('comment', d.comment, TEXT_RULES.comment);
      },
    },
  );

  setHandler(
    requestClosureUpdate,
    async (request) => {
      state.closure = { requestId: '', state: 'requested' };
      requests.closure += 1;
      const { requestId } = await activities.recordClosureRequest({
        key: `${workflowId}:${state.periodKey}:closure:${requests.closure}`,
        itemId: input.itemId,
        ...request,
      });
      state.closure = { requestId, state: 'requested' };
      return { requestId };
    },
    {
      validator: (r) => {
        if (state.closed) notAllowed('the item is already closed (办结)');
        if (state.closure)
          notAllowed(`a closure request is already ${state.closure.state === 'requested' ? 'waiting for a supervisor' : 'waiting for the leader’s sign-off'}`);
        if (!input.leadUnitIds.includes(r.unitId)) wrongUnit('only the lead unit (牵头单位) requests closure (办结)');
        if (!r.reason?.trim()) invalid('reason: say why the task is complete');
        validateText('reason', r.reason, TEXT_RULES.longText);
      },
    },
  );
  const validateClosureDecision = (requestId: string, expected: 'requested' | 'approved'): void => {
    if (state.closed) notAllowed('the item is already closed (办结)');
    if (!state.closure?.requestId || state.closure.state !== expected) {
      notAllowed(expected === 'requested' ? 'no closure request is waiting for a supervisor' : 'no approved closure is waiting for the leader’s sign-off');
    }
    if (state.closure?.requestId !== requestId) notAllowed(`closure request ${requestId} is not the one waiting`);
  };
  setHandler(
    approveClosureUpdate,
    async (decision) => {
      const signOffBy = await activities.addWorkingDays({ date: shanghaiToday(), workingDays: input.policy.closureSignOffWorkingDays });
      state.closure = { requestId: decision.requestId, state: 'approved', signOffBy };
      await activities.decideClosure({
        requestId: decision.requestId,
        itemId: input.itemId,
        decision: 'approved',
        by: decision.supervisorId,
        comment: decision.comment,
        signOffBy,
      });
      touch();
      return { requestId: decision.requestId, decision: 'approved', signOffBy };
    },
    {
      validator: (d) => {
        validateClosureDecision(d.requestId, 'requested');
        validateText('comment', d.comment, TEXT_RULES.comment);
      },
    },
  );
  setHandler(
    rejectClosureUpdate,
    async (decision) => {
      state.closure = null;
      await activities.decideClosure({
        requestId: decision.requestId,
        itemId: input.itemId,
        decision: 'rejected',
        by: decision.supervisorId,
        comment: decision.comment,
      });
      return { requestId: decision.requestId, decision: 'rejected' };
    },
    {
      validator: (d) => {
        validateClosureDecision(d.requestId, 'requested');
        validateText('comment', d.comment, TEXT_RULES.comment);
      },
    },
  );
  setHandler(
    leaderClosureUpdate,
    async (answer) => {
      if (answer.decision === 'sign-off') {
        closeNow = true;
        touch();
        await activities.decideClosure({ requestId: answer.requestId, itemId: input.itemId, decision: 'signed-off', by: answer.leaderId });
        await condition(() => state.closed);
        return { requestId: answer.requestId, closed: true };
      }
      state.closure = null;
      touch();
      await activities.decideClosure({
        requestId: answer.requestId,
        itemId: input.itemId,
        decision: 'instructed',
        by: answer.leaderId,
        comment: answer.instruction,
      });
      return { requestId: answer.requestId, closed: false };
    },
    {
      validator: (a) => {
        validateClosureDecision(a.requestId, 'approved');
        if (a.decision !== 'sign-off' && a.decision !== 'instruct') invalid('decision: sign-off or instruct');
        if (a.decision === 'instruct' && !a.instruction?.trim()) invalid('instruction: a new instruction (批示) needs its text');
        validateText('instruction', a.instruction, TEXT_RULES.longText);
      },
    },
  );

  const policyChange = async (policy: SupervisionPolicy, by: string, keyItem?: boolean) => {
    pending.change = { policy, keyItem: keyItem ?? pending.change?.keyItem ?? state.keyItem };
    state.policyChangePending = true;
    const appliesFrom = scheduled.nextStartOn;
    await activities.recordPolicyChange({ key: `${workflowId}:${state.periodKey}:policy:${changes}`, itemId: input.itemId, by, keyItem, policy, appliesFrom });
    touch();
    return { appliesFrom };
  };
  const validatePolicyChange = (policy: SupervisionPolicy): void => {
    if (state.closed) notAllowed('the item is closed (办结)');
    validatePolicy(policy);
  };
  setHandler(setKeyItemUpdate, (u) => policyChange(u.policy, u.by, u.keyItem), { validator: (u) => validatePolicyChange(u.policy) });
  setHandler(changePolicyUpdate, (u) => policyChange(u.policy, u.by), { validator: (u) => validatePolicyChange(u.policy) });

  const reminding = remindUntilDone();

  // The main loop: sleep until the next thing that is due (period start, overdue, closure sign-off), or until a handler changed something.
  while (!periodDone()) {
    const now = Date.now();
    const wakeAt: number[] = [];
    if (closeNow) {
      await closeItem();
      break;
    }
    if (due.calendarChange !== null && patched(CALENDAR_PATCH)) {
      await recomputeDueDate();
      continue;
    }
    if (state.periodState === 'upcoming') {
      const startsAt = instantOf(state.schedule.start);
      if (now >= startsAt) {
        state.periodState = 'open';
        await activities.markPeriodOpen({ itemId: input.itemId, periodKey: state.periodKey });
        // Waiting for the report once the period's row says so (readers of the state then find it open in Postgres too).
        if (state.periodState === 'open') state.waitingFor = 'report';
        continue;
      }
      wakeAt.push(startsAt);
    }
    if (state.periodState === 'open' && state.waitingFor === 'period-start') state.waitingFor = 'report';
    if (awaitingReport() && !running) {
      // Overdue at 00:00 Asia/Shanghai the day after the due date.
      const overdueAt = instantOf(addDays(state.dueOn, 1));
      if (now >= overdueAt) {
        await startEscalation();
        continue;
      }
      wakeAt.push(overdueAt);
    }
    if (state.closure?.state === 'approved' && state.closure.signOffBy) {
      const closesAt = instantOf(addDays(state.closure.signOffBy, 1));
      if (now >= closesAt) {
        await closeItem();
        break;
      }
      wakeAt.push(closesAt);
    }
    const seen = changes;
    if (wakeAt.length > 0) await condition(() => changes !== seen, Math.min(...wakeAt) - now);
    else await condition(() => changes !== seen);
  }

  await resolveEscalation(state.closed ? 'closed' : 'report-arrived');
  await (running as RunningEscalation | null)?.done;
  await reminding;
  await condition(allHandlersFinished);
  const undecided = state.pendingExtension;
  if (undecided?.requestId && patched(LAPSE_PATCH)) {
    // Nobody decided it before the period ended: it lapses (失效) rather than waiting forever; a later decision is refused.
    state.pendingExtension = null;
    await activities.lapseExtension({
      requestId: undecided.requestId,
      itemId: input.itemId,
      periodKey: state.periodKey,
      why: state.closed ? 'item-closed' : 'period-approved',
    });
  }
  if (state.closed) return;
  await continueAsNew<typeof itemSupervision>({
    ...input,
    policy: pending.change?.policy ?? input.policy,
    keyItem: pending.change?.keyItem ?? state.keyItem,
    closure: state.closure ?? undefined,
    periodKey: undefined,
    startOn: scheduled.nextStartOn,
  });

  async function startEscalation(): Promise<void> {
    escalationRound += 1;
    state.escalationLevel = -1;
    await status('red', 'overdue');
    const handle = await startChild(escalation, {
      workflowId: escalationWorkflowId(workflowId, state.periodKey, escalationRound),
      args: [
        {
          itemId: input.itemId,
          parentWorkflowId: workflowId,
          periodKey: state.periodKey,
          dueOn: state.dueOn,
          ladder: input.policy.ladder,
          leadUnitIds: input.leadUnitIds,
        },
      ],
    });
    const current: RunningEscalation = {
      handle,
      done: handle.result().then((result) => {
        if (running === current) {
          running = null;
          state.escalationLevel = null;
          touch();
        }
        return result;
      }),
    };
    running = current;
  }

  /**
   * A newer holiday calendar: recompute the due date as its basis says (the schedule's own, a resubmission window,
   * or a granted extension) in an activity; if it moved, record it, tell the units, re-plan the reminders still to
   * come, and end an escalation whose period is no longer overdue. A period already submitted or approved keeps its dates.
   */
  async function recomputeDueDate(): Promise<void> {
    due.calendarChange = null;
    if (state.periodState !== 'upcoming' && !awaitingReport()) return;
    const periodKey = state.periodKey;
    const recomputed = await activities.recomputeDueDate({
      itemId: input.itemId,
      periodKey,
      policy: input.policy,
      dueOn: state.dueOn,
      basis: due.basis,
      today: shanghaiToday(),
    });
    if (periodKey !== state.periodKey || (state.periodState !== 'upcoming' && !awaitingReport())) return;
    // The schedule's own date, unless the activity kept the date in force (a new one would already have passed).
    const fromSchedule = due.basis.kind === 'schedule' && recomputed.dueOn === recomputed.schedule.dueOn;
    const before = state.schedule;
    const scheduleMoved =
      fromSchedule &&
      (recomputed.schedule.opensOn !== before.opensOn || recomputed.schedule.coDueOn !== before.coDueOn || recomputed.schedule.dueOn !== before.dueOn);
    if (recomputed.dueOn === state.dueOn && !scheduleMoved) return;
    const previousDueOn = state.dueOn;
    state.dueOn = recomputed.dueOn;
    if (fromSchedule) state.schedule = recomputed.schedule;
    due.moves += 1;
    await activities.reschedulePeriod({
      workflowId,
      itemId: input.itemId,
      periodKey,
      calendarVersion: recomputed.calendarVersion,
      move: due.moves,
      previousDueOn,
      dueOn: state.dueOn,
      ...(fromSchedule ? { opensOn: recomputed.schedule.opensOn, coDueOn: recomputed.schedule.coDueOn, previousCoDueOn: before.coDueOn } : {}),
      leadUnitIds: input.leadUnitIds,
      coUnitIds: input.coUnitIds,
    });
    // Overdue no longer: the escalation ends; a period still overdue keeps its escalation and the notices it numbered.
    if (running && !running.resolution && Date.now() < instantOf(addDays(state.dueOn, 1))) {
      await resolveEscalation('rescheduled');
      await status('yellow', 'rescheduled');
    }
    const stillToCome = (r: ScheduledReminder): boolean => instantOf(r.on, REMINDER_TIME) > Date.now();
    if (fromSchedule) {
      plan.round += 1;
      plan.reminders = recomputed.schedule.reminders.filter(stillToCome);
    } else {
      await replanReminders();
      plan.reminders = plan.reminders.filter(stillToCome);
    }
    touch();
  }

  async function closeItem(): Promise<void> {
    const closure = state.closure;
    state.closed = true;
    state.waitingFor = 'closed';
    touch();
    await resolveEscalation('closed');
    if (closure) await activities.decideClosure({ requestId: closure.requestId, itemId: input.itemId, decision: 'closed', by: 'system' });
    await status('green', 'closed');
  }

  /** Sends each reminder in force on its day while the report is still owed; starts over when the due date moves. */
  async function remindUntilDone(): Promise<void> {
    let round = -1;
    let queue: ScheduledReminder[] = [];
    while (!periodDone()) {
      if (round !== plan.round) {
        round = plan.round;
        queue = [...plan.reminders];
      }
      const reminder = queue[0];
      const replanned = (): boolean => periodDone() || round !== plan.round;
      if (!reminder) {
        await condition(replanned);
        continue;
      }
      const wait = instantOf(reminder.on, REMINDER_TIME) - Date.now();
      if (wait > 0 && (await condition(replanned, wait))) continue;
      queue.shift();
      if (!awaitingReport()) continue;
      if (wait <= 0 && reminder.on < shanghaiToday()) continue; // its day passed before supervision began
      const unitIds = reminder.audience === 'lead' ? input.leadUnitIds : input.coUnitIds.filter((u) => !contributions.has(u));
      if (unitIds.length === 0) continue;
      await activities.sendReminder({
        ...base,
        periodKey: state.periodKey,
        kind: reminder.kind,
        audience: reminder.audience,
        unitIds,
        dueOn: reminder.audience === 'lead' ? state.dueOn : state.schedule.coDueOn,
        round,
      });
      if (reminder.audience === 'lead' && reminder.kind !== 'open' && !running) await status('yellow', 'due-soon');
    }
  }
}

function notAllowed(message: string): never {
  throw ApplicationFailure.nonRetryable(message, NOT_ALLOWED_NOW);
}
function wrongUnit(message: string): never {
  throw ApplicationFailure.nonRetryable(message, WRONG_UNIT);
}
function invalid(message: string): never {
  throw ApplicationFailure.nonRetryable(message, INVALID_INPUT);
}

function validateSubmission(state: SupervisionState, input: ItemSupervisionInput, report: SubmitReportInput): void {
  if (state.closed) notAllowed('the item is closed (办结)');
  if (report.periodKey !== state.periodKey) {
    const when = report.periodKey < state.periodKey ? 'is closed' : 'is not open yet';
    notAllowed(`period ${report.periodKey} ${when}; the current period is ${state.periodKey} (${state.periodState})`);
  }
  if (state.periodState === 'upcoming') notAllowed(`period ${state.periodKey} opens on ${state.schedule.start}`);
  if (state.periodState === 'submitted') notAllowed(`a report for ${state.periodKey} is waiting for review`);
  if (state.periodState === 'approved') notAllowed(`period ${state.periodKey} is closed: its report was approved`);
  if (!input.leadUnitIds.includes(report.unitId)) wrongUnit('only the lead unit (牵头单位) submits the report for this item');
  validateNarrative(report.narrative, report.indicatorValues);
  validateText('problems', report.problems, TEXT_RULES.longText);
  validateText('nextSteps', report.nextSteps, TEXT_RULES.longText);
}

/** Refuses text the write would refuse (libs/contracts, shared with the API's DTOs): no step starts on a poison value. */
function validateText(field: string, value: string | undefined, rule: TextRule): void {
  if (value === undefined || value === null) return;
  const problem = textProblem(field, value, rule);
  if (problem) invalid(problem);
}

function validateNarrative(narrative: string, indicatorValues: IndicatorValue[] | undefined): void {
  if (!narrative?.trim()) invalid('narrative: the progress narrative is empty');
  validateText('narrative', narrative, TEXT_RULES.narrative);
  const seen = new Set<string>();
  for (const [i, v] of (indicatorValues ?? []).entries()) {
    if (!v.indicator?.trim()) invalid(`indicatorValues[${i}].indicator is empty`);
    validateText(`indicatorValues[${i}].indicator`, v.indicator, TEXT_RULES.indicator);
    validateText(`indicatorValues[${i}].unit`, v.unit, TEXT_RULES.indicatorUnit);
    if (typeof v.value !== 'number' || !Number.isFinite(v.value)) invalid(`indicatorValues[${i}].value must be a finite number`);
    if (seen.has(v.indicator)) invalid(`indicatorValues[${i}]: ${v.indicator} is reported twice`);
    seen.add(v.indicator);
  }
}

function validateReview(state: SupervisionState, review: ReviewReportInput): void {
  if (state.periodState !== 'submitted' || state.pendingReportId === null) {
    notAllowed(`no report of ${state.periodKey} is waiting for review (period is ${state.periodState})`);
  }
  if (review.reportId !== state.pendingReportId) notAllowed(`report ${review.reportId} is not the one waiting for review`);
  if (review.decision === 'return' && !review.comment?.trim()) invalid('comment: a returned report needs a comment saying what to change');
  validateText('comment', review.comment, TEXT_RULES.comment);
}

function validatePolicy(policy: SupervisionPolicy): void {
  const problem = policyProblem(policy);
  if (problem) invalid(problem);
}
