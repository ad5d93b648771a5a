import type { EscalationStep, ScheduledReminder, SupervisionActivities } from '@duban/contracts';
import { addCalendarDays, computePeriodSchedule, periodKeyFor, resubmissionDueOn, type WorkingDayCalendar } from '@duban/calendar';
import { failFastOnUnstorableInput } from './data-errors';
import { behindExpectedProgress, type ReportQueries, type SupervisionRecords } from '@duban/domain';
import {
  behindMessage,
  closureApprovedMessage,
  followUpMessage,
  noticeMessage,
  reminderMessage,
  rescheduledMessage,
  returnedMessage,
  statusReason,
} from './messages';

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
  return failFastOnUnstorableInput<SupervisionActivities>({
    async schedulePeriod({ itemId, workflowId, policy, startOn }) {
      const schedule = computePeriodSchedule(periodKeyFor(startOn, policy.frequency), policy, calendar);
      const period = await records.recordPeriod(itemId, workflowId, schedule);
      return { schedule, dueOn: period.dueOn, state: period.state, nextStartOn: addCalendarDays(schedule.end, 1) };
    },

    async markPeriodOpen({ itemId, periodKey }) {
      await records.setPeriodState(itemId, periodKey, 'open');
    },

    async sendReminder({ workflowId, itemId, periodKey, kind, audience, unitIds, dueOn, round }) {
      const item = await queries.item(itemId);
      const recipients = await records.reminderRecipients(unitIds);
      const unitNames = new Map((item.units ?? []).map((u) => [u.unitId, u.unit?.name ?? '']));
      let sent = 0;
      for (const unitId of unitIds) {
        const message = reminderMessage(kind, { item: item.title, period: periodKey, dueOn, unit: unitNames.get(unitId) ?? '' });
        const to = recipients.get(unitId) ?? { people: [], standIn: false };
        sent += await records.notify({
          // A stand-in (the office) may receive several units' reminders: each is its own message.
          stepKey: `${workflowId}:${periodKey}:reminder.${kind}:${audience}${round ? `:r${round}` : ''}${to.standIn ? `:for:${unitId}` : ''}`,
          recipientIds: to.people.map((p) => p.id),
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

    async dueReminders({ dueOn, notBefore, policy }) {
      const byDay = new Map<string, ScheduledReminder>();
      for (const n of policy.reminderWorkingDaysBeforeDue) {
        const on = calendar.addWorkingDays(dueOn, -n);
        if (on < notBefore) continue;
        const kind = n > 0 ? 'pre-due' : 'due';
        // One reminder a day: 'due' says more than 'pre-due'.
        if (!byDay.has(on) || kind === 'due') byDay.set(on, { kind, on, audience: 'lead' });
      }
      return [...byDay.values()].sort((a, b) => a.on.localeCompare(b.on));
    },

    async addWorkingDays({ date, workingDays }) {
      return calendar.addWorkingDays(date, workingDays);
    },

    async setItemStatus({ itemId, colour, reason, periodKey, dueOn, level }) {
      // An approved report can still leave the item behind its targets' expected progress: yellow, and why.
      if (colour === 'green' && reason === 'approved') {
        const [item, period, readings] = await Promise.all([queries.item(itemId), records.period(itemId, periodKey), queries.approvedReadings(itemId)]);
        const shortfalls = behindExpectedProgress(item.targets, readings, period.endsOn);
        if (shortfalls.length > 0) return records.setItemStatus(itemId, 'yellow', behindMessage(periodKey, shortfalls));
      }
      await records.setItemStatus(itemId, colour, statusReason(reason, { period: periodKey, dueOn, level: String((level ?? 0) + 1) }));
    },

    async escalationSchedule({ dueOn, ladder, fromIndex, count }) {
      // Level 0 goes out on the first working day after the due date plus its delay; each later level after its
      // own delay; past the top, the top level repeats. Dated from the start, so a batch is the same on every call.
      const steps: EscalationStep[] = [];
      const top = ladder.levels.length - 1;
      let on = dueOn;
      for (let index = 0; index < fromIndex + count; index += 1) {
        const delay =
          index === 0 ? 1 + ladder.levels[0].afterWorkingDays : index <= top ? ladder.levels[index].afterWorkingDays : ladder.repeatEveryWorkingDays;
        on = calendar.addWorkingDays(on, delay);
        if (index >= fromIndex) steps.push({ index, level: Math.min(index, top), on });
      }
      return steps;
    },

    async openEscalation(input) {
      const escalation = await records.escalations.open(input);
      return { escalationId: escalation.id };
    },

    async issueNotice(input) {
      const { notice } = await records.escalations.issueNotice(input);
      const item = await queries.item(input.itemId);
      const sent = await records.notify({
        stepKey: notice.key,
        recipientIds: notice.recipientIds,
        channel: 'inbox',
        kind: `escalation.${input.colour}`,
        itemId: input.itemId,
        periodKey: input.periodKey,
        ...noticeMessage(input.colour, { number: notice.number, item: item.title, period: input.periodKey, dueOn: input.dueOn }),
      });
      return { number: notice.number, sent };
    },

    async sendFollowUp({ escalationId, step, itemId, periodKey, dueOn, leadUnitIds }) {
      const item = await queries.item(itemId);
      const people = await records.peopleOf(leadUnitIds, ['reporter', 'unit-head']);
      return records.notify({
        stepKey: `${escalationId}:follow-up:${step}`,
        recipientIds: people.map((p) => p.id),
        channel: 'inbox',
        kind: 'escalation.follow-up',
        itemId,
        periodKey,
        ...followUpMessage({ item: item.title, period: periodKey, dueOn }),
      });
    },

    async recordAcknowledgement({ escalationId, personId, level, on, comment }) {
      await records.escalations.acknowledge(escalationId, personId, level, on, comment);
    },

    async closeEscalation({ escalationId, resolution, on }) {
      await records.escalations.close(escalationId, resolution, on);
    },

    async recordExtensionRequest(input) {
      const request = await records.recordExtensionRequest(input);
      return { requestId: request.id };
    },

    async decideExtension(input) {
      await records.decideExtension(input);
    },

    async recordClosureRequest(input) {
      const request = await records.recordClosureRequest(input);
      return { requestId: request.id };
    },

    async decideClosure(input) {
      await records.decideClosure(input);
      if (input.decision === 'approved' && input.signOffBy) {
        const item = await queries.item(input.itemId);
        const leaders = await records.peopleWithRole(['leader']);
        await records.notify({
          stepKey: `${input.requestId}:closure.approved`,
          recipientIds: leaders.map((p) => p.id),
          channel: 'inbox',
          kind: 'closure.approved',
          itemId: input.itemId,
          periodKey: null,
          ...closureApprovedMessage({ item: item.title, signOffBy: input.signOffBy }),
        });
      }
    },

    async recordPolicyChange(input) {
      await records.recordPolicyChange(input);
    },

    async recordContribution(input) {
      const contribution = await records.recordContribution(input);
      return { contributionId: contribution.id };
    },

    async lapseExtension(input) {
      await records.lapseExtension(input);
    },

    async recomputeDueDate({ periodKey, policy, dueOn, basis, today }) {
      const schedule = computePeriodSchedule(periodKey, policy, calendar);
      let recomputed: string;
      if (basis.kind === 'schedule') recomputed = schedule.dueOn;
      else if (basis.kind === 'resubmission') recomputed = resubmissionDueOn(basis.returnedOn, policy, calendar);
      // A granted extension is a supervisor's decision and stays, unless the new calendar makes its day a day off:
      // then, as with any time limit ending on a holiday, the next working day.
      else recomputed = calendar.addWorkingDays(dueOn, 0);
      // Nobody falls overdue retroactively: a date the change would move earlier, to a day already past, stays.
      if (today && recomputed < dueOn && recomputed < today) recomputed = dueOn;
      return { calendarVersion: calendar.version, schedule, dueOn: recomputed };
    },

    async reschedulePeriod(input) {
      const key = `${input.workflowId}:${input.periodKey}:calendar:${input.move}`;
      await records.reschedulePeriod({
        key,
        itemId: input.itemId,
        periodKey: input.periodKey,
        calendarVersion: input.calendarVersion,
        dueOn: input.dueOn,
        opensOn: input.opensOn,
        coDueOn: input.coDueOn,
      });
      const item = await queries.item(input.itemId);
      const unitNames = new Map((item.units ?? []).map((u) => [u.unitId, u.unit?.name ?? '']));
      const audiences = [
        // Each audience hears of it when its own date moved (the window alone moving tells nobody).
        { audience: 'lead' as const, unitIds: input.dueOn !== input.previousDueOn ? input.leadUnitIds : [], roles: ['reporter', 'unit-head'] as const },
        { audience: 'co' as const, unitIds: input.coDueOn && input.coDueOn !== input.previousCoDueOn ? input.coUnitIds : [], roles: ['reporter'] as const },
      ];
      let sent = 0;
      for (const { audience, unitIds, roles } of audiences) {
        const people = await records.peopleOf(unitIds, [...roles]);
        for (const unitId of unitIds) {
          const params = {
            item: item.title,
            period: input.periodKey,
            unit: unitNames.get(unitId) ?? '',
            calendar: input.calendarVersion,
            previousDueOn: audience === 'lead' ? input.previousDueOn : (input.previousCoDueOn ?? ''),
            dueOn: audience === 'lead' ? input.dueOn : (input.coDueOn ?? ''),
            leadDueOn: input.dueOn,
          };
          sent += await records.notify({
            stepKey: `${key}:${audience}`,
            recipientIds: people.filter((p) => p.unitId === unitId).map((p) => p.id),
            channel: 'inbox',
            kind: 'period.rescheduled',
            itemId: input.itemId,
            periodKey: input.periodKey,
            ...rescheduledMessage(audience, params),
          });
        }
      }
      return sent;
    },
  });
}
