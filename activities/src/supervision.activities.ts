import type { SupervisionActivities } from '@duban/contracts';
import { addCalendarDays, computePeriodSchedule, periodKeyFor, resubmissionDueOn, type WorkingDayCalendar } from '@duban/calendar';
import type { ReportQueries, SupervisionRecords } from '@duban/domain';
import { reminderMessage, returnedMessage } from './messages';

export interface SupervisionActivityDeps {
  records: SupervisionRecords;
  queries: ReportQueries;
  calendar: WorkingDayCalendar;
}

/**
 * Thin adapters from the workflow to the domain. Every write carries a key made of the workflow id, the period
 * and the step, so Temporal's retries never write or send twice.
 */
export function createSupervisionActivities({ records, queries, calendar }: SupervisionActivityDeps): SupervisionActivities {
  return {
    async schedulePeriod({ itemId, workflowId, policy, startOn }) {
      const schedule = computePeriodSchedule(periodKeyFor(startOn, policy.frequency), policy, calendar);
      const period = await records.recordPeriod(itemId, workflowId, schedule);
      return { schedule, dueOn: period.dueOn, state: period.state, nextStartOn: addCalendarDays(schedule.end, 1) };
    },

    async markPeriodOpen({ itemId, periodKey }) {
      await records.setPeriodState(itemId, periodKey, 'open');
    },

    async sendReminder({ workflowId, itemId, periodKey, kind, audience, unitIds, dueOn }) {
      const item = await queries.item(itemId);
      const people = await records.peopleOf(unitIds, ['reporter']);
      const unitNames = new Map((item.units ?? []).map((u) => [u.unitId, u.unit?.name ?? '']));
      let sent = 0;
      for (const unitId of unitIds) {
        const message = reminderMessage(kind, { item: item.title, period: periodKey, dueOn, unit: unitNames.get(unitId) ?? '' });
        sent += await records.notify({
          stepKey: `${workflowId}:${periodKey}:reminder.${kind}:${audience}`,
          recipientIds: people.filter((p) => p.unitId === unitId).map((p) => p.id),
          channel: 'inbox',
          kind: `reminder.${kind}`,
          itemId,
          periodKey,
          ...message,
        });
      }
      return sent;
    },

    async recordReport(input) {
      const report = await records.recordReport({ ...input, key: `${input.workflowId}:${input.periodKey}:report:${input.attempt}` });
      return { reportId: report.id };
    },

    async recordReview(input) {
      const stepKey = `${input.workflowId}:${input.periodKey}:review:${input.attempt}`;
      const resubmitDueOn = input.decision === 'return' ? resubmissionDueOn(input.reviewedOn, input.policy, calendar) : undefined;
      await records.recordReview({ ...input, key: stepKey, resubmitDueOn });
      if (resubmitDueOn) {
        const item = await queries.item(input.itemId);
        const report = await queries.report(input.reportId);
        await records.notify({
          stepKey,
          recipientIds: [report.submittedBy],
          channel: 'inbox',
          kind: 'report.returned',
          itemId: input.itemId,
          periodKey: input.periodKey,
          ...returnedMessage({ item: item.title, period: input.periodKey, dueOn: resubmitDueOn, comment: input.comment ?? '' }),
        });
      }
      return { resubmitDueOn };
    },
  };
}
