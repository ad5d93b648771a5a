import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ReportQueries } from '@duban/domain';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { ReviewReportDto, SubmitReportDto } from './dto';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly queries: ReportQueries,
  ) {}

  @Get('items/:itemId')
  item(@Param('itemId', ParseUUIDPipe) itemId: string) {
    return this.queries.item(itemId);
  }

  @Get('items/:itemId/periods')
  periods(@Param('itemId', ParseUUIDPipe) itemId: string) {
    return this.queries.periods(itemId);
  }

  @Get('items/:itemId/state')
  state(@Param('itemId', ParseUUIDPipe) itemId: string) {
    return this.reports.state(itemId);
  }

  @Roles('reporter')
  @Post('items/:itemId/reports')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  submit(@Param('itemId', ParseUUIDPipe) itemId: string, @Body() dto: SubmitReportDto, @Me() me: CurrentPerson, @Headers('idempotency-key') key?: string) {
    return this.reports.submit(itemId, dto, me, key);
  }

  @Roles('supervisor')
  @Get('queue')
  queue() {
    return this.queries.approvalQueue();
  }

  @Roles('supervisor')
  @Post('reports/:reportId/review')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  review(@Param('reportId', ParseUUIDPipe) reportId: string, @Body() dto: ReviewReportDto, @Me() me: CurrentPerson, @Headers('idempotency-key') key?: string) {
    return this.reports.review(reportId, dto, me, key);
  }
}
