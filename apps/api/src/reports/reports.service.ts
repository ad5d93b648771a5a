import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import {
  reviewReportUpdate,
  submitReportUpdate,
  supervisionStateQuery,
  type SubmitReportResult,
  type ReviewReportResult,
  type SupervisionState,
} from '@duban/contracts';
import { ApprovalQueueService, ConflictError, OfficeScope, ReportQueries, type OpenPeriodRow, type UnitHistoryRow } from '@duban/domain';
import { Client } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../tokens';
import type { CurrentPerson } from '../auth/current-person';
import { shanghaiToday } from '../common/shanghai-date';
import { toErrorBody } from '../common/error.filter';
import type { BulkApproveResponse, ReviewReportDto, SubmitReportDto } from './dto';

/** Every change goes to the item's workflow as an Update: the workflow is the single writer of its state. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly queries: ReportQueries,
    private readonly queue: ApprovalQueueService,
    private readonly scope: OfficeScope,
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

  /** A report another supervisor has claimed is theirs to review (409); the review itself is the workflow's. */
  async review(reportId: string, dto: ReviewReportDto, me: CurrentPerson, idempotencyKey?: string): Promise<ReviewReportResult> {
    // Bulk approval names its reports in the body, out of the route's office check: each is checked here.
    await this.scope.assertMayKnow(me, { reportId });
    const report = await this.queries.report(reportId);
    await this.queue.assertMayReview(reportId, me.id);
    const handle = await this.workflowOf(report.itemId);
    const result = await handle.executeUpdate(reviewReportUpdate, {
      args: [{ reportId, decision: dto.decision, comment: dto.comment, reviewerId: me.id }],
      ...(idempotencyKey ? { updateId: `review:${idempotencyKey}` } : {}),
    });
    await this.queue.clear(reportId);
    return result;
  }

  /** Approves each report in turn; one refusal does not stop the others, and each outcome is reported. */
  async bulkApprove(reportIds: string[], comment: string | undefined, me: CurrentPerson, idempotencyKey?: string): Promise<BulkApproveResponse> {
    const results: BulkApproveResponse['results'] = [];
    for (const reportId of reportIds) {
      try {
        await this.review(reportId, { decision: 'approve', comment }, me, idempotencyKey ? `${idempotencyKey}:${reportId}` : undefined);
        results.push({ reportId, status: 200, outcome: 'approved' });
      } catch (err) {
        const answer = toErrorBody(err);
        if (answer.statusCode >= 500) throw err;
        results.push({ reportId, status: answer.statusCode, outcome: 'refused', message: answer.message });
      }
    }
    return { approved: results.filter((r) => r.outcome === 'approved').length, refused: results.filter((r) => r.outcome === 'refused').length, results };
  }

  async state(itemId: string): Promise<SupervisionState> {
    return (await this.workflowOf(itemId)).query(supervisionStateQuery);
  }

  /** The periods my unit reports on now, lead and cooperating. */
  myOpenPeriods(me: CurrentPerson): Promise<OpenPeriodRow[]> {
    if (!me.unitId) throw new ForbiddenException('you belong to no unit, so no periods are yours to report on');
    return this.queries.openPeriodsOfUnit(me.unitId, shanghaiToday());
  }

  myHistory(me: CurrentPerson): Promise<UnitHistoryRow[]> {
    if (!me.unitId) throw new ForbiddenException('you belong to no unit, so it has no history to show');
    return this.queries.historyOfUnit(me.unitId);
  }

  private async workflowOf(itemId: string) {
    const item = await this.queries.item(itemId);
    if (!item.workflowId) throw new ConflictError(`item ${item.code} is not under supervision yet: activate its plan first`, item.state);
    return this.temporal.workflow.getHandle(item.workflowId);
  }
}
