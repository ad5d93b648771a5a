import { Body, Controller, Delete, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApprovalQueueService, OfficeScope, type QueueEntry } from '@duban/domain';
import type { Response } from 'express';
import { UuidParam } from '../common/uuid-param';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { BulkApproveDto, BulkApproveResponse, QueueQueryDto } from './dto';
import { ReportsService } from './reports.service';

/** The supervisors' approval queue (审核队列). */
@ApiTags('queue')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Controller()
export class QueueController {
  constructor(
    private readonly queue: ApprovalQueueService,
    private readonly reports: ReportsService,
    private readonly scope: OfficeScope,
  ) {}

  /** Oldest-waiting first; the next page's cursor is in the X-Next-Cursor header (absent on the last page). */
  @Roles('supervisor', 'leader')
  @Get('queue')
  async list(@Query() query: QueueQueryDto, @Me() me: CurrentPerson, @Res({ passthrough: true }) res: Response): Promise<QueueEntry[]> {
    const page = await this.queue.list({ ...query, office: await this.scope.listScope(me) }, me.id);
    if (page.nextCursor) res.setHeader('X-Next-Cursor', page.nextCursor);
    return page.rows;
  }

  @Roles('supervisor')
  @Post('reports/:reportId/claim')
  @HttpCode(200)
  claim(@UuidParam('reportId') reportId: string, @Me() me: CurrentPerson) {
    return this.queue.claim(reportId, me.id);
  }

  @Roles('supervisor')
  @Delete('reports/:reportId/claim')
  release(@UuidParam('reportId') reportId: string, @Me() me: CurrentPerson) {
    return this.queue.release(reportId, me.id);
  }

  @Roles('supervisor')
  @Post('queue/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkApproveResponse })
  bulkApprove(@Body() dto: BulkApproveDto, @Me() me: CurrentPerson, @Headers('idempotency-key') key?: string): Promise<BulkApproveResponse> {
    return this.reports.bulkApprove(dto.reportIds, dto.comment, me, key);
  }
}
