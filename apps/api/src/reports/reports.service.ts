import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { reviewReportUpdate, submitReportUpdate, supervisionStateQuery, type SubmitReportResult, type ReviewReportResult, type SupervisionState } from '@duban/contracts';
import { ConflictError, ReportQueries } from '@duban/domain';
import { Client } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../tokens';
import type { CurrentPerson } from '../auth/current-person';
import type { ReviewReportDto, SubmitReportDto } from './dto';

/** Every change goes to the item's workflow as an Update: the workflow is the single writer of its state. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly queries: ReportQueries,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async submit(itemId: string, dto: SubmitReportDto, me: CurrentPerson, idempotencyKey?: string): Promise<SubmitReportResult> {
    if (!me.unitId) throw new ForbiddenException('you belong to no unit, so you cannot report for one');
    const handle = await this.workflowOf(itemId);
    return handle.executeUpdate(submitReportUpdate, {
      args: [{ ...dto, unitId: me.unitId, submittedBy: me.id }],
      ...(idempotencyKey ? { updateId: `submit:${idempotencyKey}` } : {}),
    });
  }

  async review(reportId: string, dto: ReviewReportDto, me: CurrentPerson, idempotencyKey?: string): Promise<ReviewReportResult> {
    const report = await this.queries.report(reportId);
    const handle = await this.workflowOf(report.itemId);
    return handle.executeUpdate(reviewReportUpdate, {
      args: [{ reportId, decision: dto.decision, comment: dto.comment, reviewerId: me.id }],
      ...(idempotencyKey ? { updateId: `review:${idempotencyKey}` } : {}),
    });
  }

  async state(itemId: string): Promise<SupervisionState> {
    return (await this.workflowOf(itemId)).query(supervisionStateQuery);
  }

  private async workflowOf(itemId: string) {
    const item = await this.queries.item(itemId);
    if (!item.workflowId) throw new ConflictError(`item ${item.code} is not under supervision yet: activate its plan first`, item.state);
    return this.temporal.workflow.getHandle(item.workflowId);
  }
}
