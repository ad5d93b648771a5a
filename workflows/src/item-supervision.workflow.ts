import {
  INVALID_INPUT,
  NOT_ALLOWED_NOW,
  WRONG_UNIT,
  reviewReportUpdate,
  submitReportUpdate,
  supervisionStateQuery,
  type ItemSupervisionInput,
  type ReviewReportInput,
  type ScheduledReminder,
  type SubmitReportInput,
  type SupervisionActivities,
  type SupervisionState,
} from '@duban/contracts';
import { ApplicationFailure, allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import { instantOf, shanghaiToday } from './shanghai-time';

const activities = proxyActivities<SupervisionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Reminders go out at 09:00 Asia/Shanghai on their day. */
const REMINDER_TIME = '09:00';

/**
 * One reporting period of one item: wait for the period, remind, take the lead unit's report, have it reviewed,
 * loop on returns, and continue as new with the next period once approved (history stays bounded).
 */
export async function itemSupervision(input: ItemSupervisionInput): Promise<void> {
  const workflowId = workflowInfo().workflowId;
  const scheduled = await activities.schedulePeriod({ itemId: input.itemId, workflowId, policy: input.policy, startOn: input.startOn });
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
  };

  setHandler(supervisionStateQuery, () => state);
  setHandler(
    submitReportUpdate,
    async (report) => {
      state.attempt += 1;
      const attempt = state.attempt;
      state.periodState = 'submitted';
      state.waitingFor = 'review';
      const { reportId } = await activities.recordReport({ workflowId, itemId: input.itemId, attempt, ...report });
      state.pendingReportId = reportId;
      return { reportId, periodKey: state.periodKey, attempt };
    },
    { validator: (report) => validateSubmission(state, input, report) },
  );
  setHandler(
    reviewReportUpdate,
    async (review) => {
      const attempt = state.attempt;
      state.pendingReportId = null;
      if (review.decision === 'approve') {
        state.periodState = 'approved';
        state.waitingFor = 'next-period';
      } else {
        state.periodState = 'returned';
        state.waitingFor = 'resubmission';
      }
      const { resubmitDueOn } = await activities.recordReview({
        workflowId,
        itemId: input.itemId,
        periodKey: state.periodKey,
        attempt,
        reviewedOn: shanghaiToday(),
        policy: input.policy,
        leadUnitIds: input.leadUnitIds,
        ...review,
      });
      if (resubmitDueOn) state.dueOn = resubmitDueOn;
      return { reportId: review.reportId, decision: review.decision, periodKey: state.periodKey, resubmitDueOn };
    },
    { validator: (review) => validateReview(state, review) },
  );

  if (state.periodState === 'upcoming') {
    const startsIn = instantOf(state.schedule.start) - Date.now();
    if (startsIn > 0) await sleep(startsIn);
    state.periodState = 'open';
    await activities.markPeriodOpen({ itemId: input.itemId, periodKey: state.periodKey });
  }
  if (state.periodState === 'open') state.waitingFor = 'report';

  void remindUntilApproved(state, input, workflowId);
  await condition(() => state.periodState === 'approved');
  await condition(allHandlersFinished);
  await continueAsNew<typeof itemSupervision>({ ...input, startOn: scheduled.nextStartOn });
}

/** Sends each scheduled reminder on its day unless the report is already in (or approved). */
async function remindUntilApproved(state: SupervisionState, input: ItemSupervisionInput, workflowId: string): Promise<void> {
  for (const reminder of state.schedule.reminders) {
    const wait = instantOf(reminder.on, REMINDER_TIME) - Date.now();
    if (wait > 0) await sleep(wait);
    if (state.periodState !== 'open' && state.periodState !== 'returned') continue;
    if (wait <= 0 && reminder.on < shanghaiToday()) continue; // a reminder whose day passed before supervision began
    await sendReminder(reminder, state, input, workflowId);
  }
}

function sendReminder(reminder: ScheduledReminder, state: SupervisionState, input: ItemSupervisionInput, workflowId: string): Promise<number> {
  return activities.sendReminder({
    workflowId,
    itemId: input.itemId,
    periodKey: state.periodKey,
    kind: reminder.kind,
    audience: reminder.audience,
    unitIds: reminder.audience === 'lead' ? input.leadUnitIds : input.coUnitIds,
    dueOn: reminder.audience === 'lead' ? state.dueOn : state.schedule.coDueOn,
  });
}

function validateSubmission(state: SupervisionState, input: ItemSupervisionInput, report: SubmitReportInput): void {
  if (report.periodKey !== state.periodKey) {
    const when = report.periodKey < state.periodKey ? 'is closed' : 'is not open yet';
    throw ApplicationFailure.nonRetryable(`period ${report.periodKey} ${when}; the current period is ${state.periodKey} (${state.periodState})`, NOT_ALLOWED_NOW);
  }
  if (state.periodState === 'upcoming') {
    throw ApplicationFailure.nonRetryable(`period ${state.periodKey} opens on ${state.schedule.start}`, NOT_ALLOWED_NOW);
  }
  if (state.periodState === 'submitted') {
    throw ApplicationFailure.nonRetryable(`a report for ${state.periodKey} is waiting for review`, NOT_ALLOWED_NOW);
  }
  if (state.periodState === 'approved') {
    throw ApplicationFailure.nonRetryable(`period ${state.periodKey} is closed: its report was approved`, NOT_ALLOWED_NOW);
  }
  if (!input.leadUnitIds.includes(report.unitId)) {
    throw ApplicationFailure.nonRetryable('only the lead unit (牵头单位) submits the report for this item', WRONG_UNIT);
  }
  if (!report.narrative?.trim()) throw ApplicationFailure.nonRetryable('narrative: the progress narrative is empty', INVALID_INPUT);
  const seen = new Set<string>();
  for (const [i, v] of (report.indicatorValues ?? []).entries()) {
    if (!v.indicator?.trim()) throw ApplicationFailure.nonRetryable(`indicatorValues[${i}].indicator is empty`, INVALID_INPUT);
    if (typeof v.value !== 'number' || !Number.isFinite(v.value)) throw ApplicationFailure.nonRetryable(`indicatorValues[${i}].value must be a finite number`, INVALID_INPUT);
    if (seen.has(v.indicator)) throw ApplicationFailure.nonRetryable(`indicatorValues[${i}]: ${v.indicator} is reported twice`, INVALID_INPUT);
    seen.add(v.indicator);
  }
}

function validateReview(state: SupervisionState, review: ReviewReportInput): void {
  if (state.periodState !== 'submitted' || state.pendingReportId === null) {
    throw ApplicationFailure.nonRetryable(`no report of ${state.periodKey} is waiting for review (period is ${state.periodState})`, NOT_ALLOWED_NOW);
  }
  if (review.reportId !== state.pendingReportId) {
    throw ApplicationFailure.nonRetryable(`report ${review.reportId} is not the one waiting for review`, NOT_ALLOWED_NOW);
  }
  if (review.decision === 'return' && !review.comment?.trim()) {
    throw ApplicationFailure.nonRetryable('comment: a returned report needs a comment saying what to change', INVALID_INPUT);
  }
}
