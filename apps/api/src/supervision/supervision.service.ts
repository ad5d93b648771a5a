import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import {
  acknowledgeEscalationUpdate,
  approveClosureUpdate,
  approveExtensionUpdate,
  changePolicyUpdate,
  leaderClosureUpdate,
  rejectClosureUpdate,
  rejectExtensionUpdate,
  requestClosureUpdate,
  requestExtensionUpdate,
  setKeyItemUpdate,
  submitContributionUpdate,
  type EscalationRole,
} from '@duban/contracts';
import { InvalidDateError, WorkingDayCalendar, assertIsoDate } from '@duban/calendar';
import { ConflictError, EscalationRecords, InvalidInputError, isAdministrator, NotFoundError, Plan, ReportQueries, SupervisionQueries } from '@duban/domain';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { CurrentPerson } from '../auth/current-person';
import { TEMPORAL_CLIENT } from '../tokens';
import type { CreateClosureRequestDto, LeaderClosureDto } from './dto/closure.dto';
import type { CreateContributionDto } from './dto/contribution.dto';
import type { CreateExtensionRequestDto } from './dto/extension.dto';
import type { ChangePolicyDto } from './dto/policy.dto';

/** Extensions, closure, key items, policies, contributions and acknowledgements: each an Update to the item's (or escalation's) workflow. */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly queries: ReportQueries,
    private readonly supervision: SupervisionQueries,
    private readonly escalations: EscalationRecords,
    private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly calendar: WorkingDayCalendar,
  ) {}

  async requestExtension(itemId: string, dto: CreateExtensionRequestDto, me: CurrentPerson) {
    this.assertWorkingDay(dto.requestedDueOn, 'requestedDueOn');
    const handle = await this.workflowOf(itemId);
    return handle.executeUpdate(requestExtensionUpdate, { args: [{ ...dto, unitId: this.unitOf(me), requestedBy: me.id }] });
  }

  async decideExtension(requestId: string, decision: 'approve' | 'reject', me: CurrentPerson, comment?: string) {
    const request = await this.supervision.extensionRequest(requestId);
    if (request.status === 'lapsed')
      throw new ConflictError(
        `extension request ${requestId} lapsed undecided when period ${request.periodKey} ended: it can no longer be decided`,
        request.status,
      );
    if (request.status !== 'pending') throw new ConflictError(`extension request ${requestId} is already ${request.status}`, request.status);
    const handle = await this.workflowOf(request.itemId);
    const update = decision === 'approve' ? approveExtensionUpdate : rejectExtensionUpdate;
    return handle.executeUpdate(update, { args: [{ requestId, supervisorId: me.id, comment }] });
  }

  async requestClosure(itemId: string, dto: CreateClosureRequestDto, me: CurrentPerson) {
    const handle = await this.workflowOf(itemId);
    return handle.executeUpdate(requestClosureUpdate, { args: [{ reason: dto.reason, unitId: this.unitOf(me), requestedBy: me.id }] });
  }

  async decideClosure(requestId: string, decision: 'approve' | 'reject', me: CurrentPerson, comment?: string) {
    const request = await this.supervision.closureRequest(requestId);
    const handle = await this.workflowOf(request.itemId);
    const update = decision === 'approve' ? approveClosureUpdate : rejectClosureUpdate;
    return handle.executeUpdate(update, { args: [{ requestId, supervisorId: me.id, comment }] });
  }

  async leaderClosure(requestId: string, dto: LeaderClosureDto, me: CurrentPerson) {
    const request = await this.supervision.closureRequest(requestId);
    const handle = await this.workflowOf(request.itemId);
    return handle.executeUpdate(leaderClosureUpdate, { args: [{ requestId, leaderId: me.id, decision: dto.decision, instruction: dto.instruction }] });
  }

  async setKeyItem(itemId: string, keyItem: boolean, me: CurrentPerson) {
    const item = await this.queries.item(itemId);
    const plan = await this.db.getRepository(Plan).findOneByOrFail({ id: item.planId });
    const handle = await this.workflowOf(itemId);
    return handle.executeUpdate(setKeyItemUpdate, { args: [{ keyItem, policy: keyItem ? plan.keyItemPolicy : plan.policy, by: me.id }] });
  }

  async changePolicy(itemId: string, dto: ChangePolicyDto, me: CurrentPerson) {
    const handle = await this.workflowOf(itemId);
    return handle.executeUpdate(changePolicyUpdate, { args: [{ policy: dto.policy, by: me.id }] });
  }

  async submitContribution(itemId: string, dto: CreateContributionDto, me: CurrentPerson) {
    const handle = await this.workflowOf(itemId);
    return handle.executeUpdate(submitContributionUpdate, { args: [{ ...dto, unitId: this.unitOf(me), submittedBy: me.id }] });
  }

  contributions(reportId: string) {
    return this.supervision.contributionsOf(reportId);
  }

  extensions(itemId: string) {
    return this.supervision.extensionRequests(itemId);
  }

  closures(itemId: string) {
    return this.supervision.closureRequests(itemId);
  }

  escalationsOf(itemId: string) {
    return this.escalations.escalationsOf(itemId);
  }

  async notices(escalationId: string) {
    await this.escalation(escalationId);
    return this.escalations.noticesOf(escalationId);
  }

  async acknowledge(escalationId: string, me: CurrentPerson, comment?: string) {
    const escalation = await this.escalation(escalationId);
    if (escalation.status === 'resolved')
      throw new ConflictError(`the escalation of ${escalation.periodKey} has ended (${escalation.resolution ?? 'resolved'})`, escalation.status);
    if (isAdministrator(me.role)) throw new ForbiddenException('administrators take no part in escalations');
    const role = me.role as EscalationRole;
    return this.temporal.workflow
      .getHandle(escalation.key)
      .executeUpdate(acknowledgeEscalationUpdate, { args: [{ personId: me.id, role, unitId: me.unitId, comment }] });
  }

  private async escalation(escalationId: string) {
    const escalation = await this.escalations.escalation(escalationId);
    if (!escalation) throw new NotFoundError('escalation', escalationId);
    return escalation;
  }

  private unitOf(me: CurrentPerson): string {
    if (!me.unitId) throw new ForbiddenException('you belong to no unit, so you cannot act for one');
    return me.unitId;
  }

  /** A due date (期限) is a working day: a weekend or a public holiday is refused with the next working day named. */
  private assertWorkingDay(date: string, field: string): void {
    try {
      assertIsoDate(date);
    } catch (err) {
      if (err instanceof InvalidDateError) throw new InvalidInputError(`${field}: ${date} is not a calendar date`, field);
      throw err;
    }
    if (!this.calendar.isWorkingDay(date))
      throw new InvalidInputError(
        `${field}: ${date} is not a working day (a weekend or public holiday); the next working day is ${this.calendar.addWorkingDays(date, 0)}`,
        field,
      );
  }

  private async workflowOf(itemId: string) {
    const item = await this.queries.item(itemId);
    if (!item.workflowId) throw new ConflictError(`item ${item.code} is not under supervision yet: activate its plan first`, item.state);
    return this.temporal.workflow.getHandle(item.workflowId);
  }
}
