import { randomUUID } from 'node:crypto';
import type { PeriodSchedule } from '@duban/contracts';
import {
  reminderRecipientsOf,
  type IssueNoticeRecord,
  type NotifyInput,
  type OpenEscalationRecord,
  type ReportQueries,
  type SupervisionRecords,
} from '@duban/domain';

/** Asia/Shanghai date and time (fixed +08:00) of an instant. */
export function shanghai(ms: number): { date: string; time: string } {
  const iso = new Date(ms + 8 * 3600 * 1000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

export interface SentNotification extends NotifyInput {
  recipientId: string;
  key: string;
  at: number;
}

export interface IssuedNotice extends IssueNoticeRecord {
  key: string;
  number: string;
  recipientIds: string[];
  at: number;
}

export interface Person {
  id: string;
  unitId: string | null;
  role: 'reporter' | 'unit-head' | 'supervisor' | 'leader';
}

/**
 * SupervisionRecords and ReportQueries in memory, for the simulation (a unit-level test: the real ones are
 * exercised by the e2e suite). Keys behave as the unique indexes do: a second write with a key is a no-op.
 * Every call that would insert a duplicate is also counted, so the test can assert that none happened.
 */
export class InMemoryRecords {
  readonly notifications: SentNotification[] = [];
  readonly notices: IssuedNotice[] = [];
  readonly statuses: Array<{ itemId: string; colour: string; reason: string; at: number }> = [];
  readonly duplicateAttempts: string[] = [];
  readonly escalationRows = new Map<string, { id: string; input: OpenEscalationRecord; acknowledgedBy?: string; resolution?: string }>();
  /** Extension requests by id, with what became of them. */
  readonly extensionRequests = new Map<string, { itemId: string; periodKey: string; status: string }>();
  /** Periods moved by a newer calendar, in order. */
  readonly reschedules: Array<{ key: string; itemId: string; periodKey: string; dueOn: string; opensOn?: string; coDueOn?: string; at: number }> = [];
  private readonly periods = new Map<string, { state: string; dueOn: string; schedule: PeriodSchedule }>();
  private readonly reports = new Map<string, { id: string; submittedBy: string }>();
  private readonly keyed = new Map<string, string>();
  private readonly sequences = new Map<number, number>();

  constructor(
    private readonly people: Person[],
    private readonly titles: Map<string, string>,
    /**
     * The instant a record is made: the test server's skipped clock. Local activities run inside the workflow
     * task, while the server holds its clock at the instant the task was due.
     */
    private readonly now: () => Promise<number>,
  ) {}

  /** The fakes, typed as the services createSupervisionActivities takes. */
  asServices(): { records: SupervisionRecords; queries: ReportQueries } {
    return { records: this.records() as unknown as SupervisionRecords, queries: this.queries() as unknown as ReportQueries };
  }

  private once(key: string): { id: string; created: boolean } {
    const existing = this.keyed.get(key);
    if (existing) return { id: existing, created: false };
    const id = randomUUID();
    this.keyed.set(key, id);
    return { id, created: true };
  }

  private records() {
    return {
      recordPeriod: async (itemId: string, _workflowId: string, schedule: PeriodSchedule) => {
        const key = `${itemId}:${schedule.key}`;
        if (!this.periods.has(key)) this.periods.set(key, { state: 'upcoming', dueOn: schedule.dueOn, schedule });
        const p = this.periods.get(key)!;
        return { key: schedule.key, dueOn: p.dueOn, state: p.state };
      },
      period: async (itemId: string, periodKey: string) => ({ endsOn: this.periods.get(`${itemId}:${periodKey}`)!.schedule.end }),
      setPeriodState: async (itemId: string, periodKey: string, state: string) => {
        this.periods.get(`${itemId}:${periodKey}`)!.state = state;
      },
      recordReport: async (input: { key: string; itemId: string; periodKey: string; submittedBy: string }) => {
        const { id } = this.once(input.key);
        this.reports.set(id, { id, submittedBy: input.submittedBy });
        this.periods.get(`${input.itemId}:${input.periodKey}`)!.state = 'submitted';
        return { id };
      },
      recordReview: async (input: { key: string; itemId: string; periodKey: string; decision: string; resubmitDueOn?: string }) => {
        this.once(input.key);
        const p = this.periods.get(`${input.itemId}:${input.periodKey}`)!;
        p.state = input.decision === 'approve' ? 'approved' : 'returned';
        if (input.resubmitDueOn) p.dueOn = input.resubmitDueOn;
        return { id: input.key };
      },
      notify: async (input: NotifyInput) => {
        let created = 0;
        for (const recipientId of input.recipientIds) {
          const key = `${input.stepKey}:${recipientId}:${input.channel}`;
          if (!this.once(key).created) {
            this.duplicateAttempts.push(key);
            continue;
          }
          this.notifications.push({ ...input, recipientId, key, at: await this.now() });
          created += 1;
        }
        return created;
      },
      peopleOf: async (unitIds: string[], roles: string[]) =>
        this.people.filter((p) => p.unitId !== null && unitIds.includes(p.unitId) && roles.includes(p.role)),
      peopleWithRole: async (roles: string[]) => this.people.filter((p) => roles.includes(p.role)),
      reminderRecipients: async (unitIds: string[]) =>
        reminderRecipientsOf(
          unitIds,
          this.people.filter((p) => p.unitId !== null && unitIds.includes(p.unitId) && ['reporter', 'unit-head'].includes(p.role)),
          this.people.filter((p) => p.role === 'supervisor'),
        ),
      setItemStatus: async (itemId: string, colour: string, reason: string) => {
        this.statuses.push({ itemId, colour, reason, at: await this.now() });
      },
      recordContribution: async (input: { key: string }) => ({ id: this.once(input.key).id }),
      recordExtensionRequest: async (input: { key: string; itemId: string; periodKey: string }) => {
        const { id, created } = this.once(input.key);
        if (created) this.extensionRequests.set(id, { itemId: input.itemId, periodKey: input.periodKey, status: 'pending' });
        return { id };
      },
      decideExtension: async (input: { itemId: string; periodKey: string; decision: string; requestId: string }) => {
        this.once(`${input.requestId}:${input.decision}`);
        const request = this.extensionRequests.get(input.requestId);
        if (request?.status === 'pending') request.status = input.decision;
      },
      lapseExtension: async (input: { requestId: string }) => {
        const request = this.extensionRequests.get(input.requestId)!;
        // Lapsing a request someone decided would be a bug; a retry finds it lapsed already.
        if (request.status === 'pending') request.status = 'lapsed';
        else if (request.status !== 'lapsed') this.duplicateAttempts.push(`${input.requestId}:lapsed after ${request.status}`);
      },
      reschedulePeriod: async (input: { key: string; itemId: string; periodKey: string; dueOn: string; opensOn?: string; coDueOn?: string }) => {
        if (!this.once(input.key).created) return;
        const p = this.periods.get(`${input.itemId}:${input.periodKey}`)!;
        p.dueOn = input.dueOn;
        this.reschedules.push({ ...input, at: await this.now() });
      },
      recordClosureRequest: async (input: { key: string }) => ({ id: this.once(input.key).id }),
      decideClosure: async () => undefined,
      recordPolicyChange: async () => undefined,
      escalations: {
        open: async (input: OpenEscalationRecord) => {
          const { id } = this.once(input.key);
          if (!this.escalationRows.has(id)) this.escalationRows.set(id, { id, input });
          return { id };
        },
        issueNotice: async (input: IssueNoticeRecord) => {
          const key = `${input.escalationId}:notice:${input.step}`;
          const found = this.notices.find((n) => n.key === key);
          if (found) {
            this.duplicateAttempts.push(key);
            return { notice: found, created: false };
          }
          const year = Number(input.issuedOn.slice(0, 4));
          const seq = (this.sequences.get(year) ?? 0) + 1;
          this.sequences.set(year, seq);
          const escalation = this.escalationRows.get(input.escalationId)!;
          const leadUnitIds = input.leadUnitIds;
          const recipientIds = this.people
            .filter(
              (p) =>
                input.recipients.includes(p.role) && (p.role === 'supervisor' || p.role === 'leader' || (p.unitId !== null && leadUnitIds.includes(p.unitId))),
            )
            .map((p) => p.id);
          const notice: IssuedNotice = { ...input, key, number: `督办〔${year}〕第${String(seq).padStart(4, '0')}号`, recipientIds, at: await this.now() };
          this.notices.push(notice);
          void escalation;
          return { notice, created: true };
        },
        acknowledge: async (escalationId: string, personId: string) => {
          this.escalationRows.get(escalationId)!.acknowledgedBy = personId;
        },
        close: async (escalationId: string, resolution: string) => {
          this.escalationRows.get(escalationId)!.resolution = resolution;
        },
      },
    };
  }

  private queries() {
    return {
      item: async (itemId: string) => ({ id: itemId, title: this.titles.get(itemId) ?? itemId, units: [], targets: [] }),
      // The simulated units report no indicator values, so progress never falls behind a target here.
      approvedReadings: async () => [],
      report: async (reportId: string) => this.reports.get(reportId)!,
    };
  }
}
