import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ReportQueries } from '@duban/domain';
import { UuidParam } from '../common/uuid-param';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { OptionalPeriodKeyPipe } from '../common/period-key.pipe';
import { ReviewReportDto, SubmitReportDto } from './dto';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'On every POST: a retry with the same key (within 24 hours) returns the first answer and changes nothing',
})
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly queries: ReportQueries,
  ) {}

  @Get('items/:itemId')
  item(@UuidParam('itemId') itemId: string) {
    return this.queries.item(itemId);
  }

  @Get('items/:itemId/periods')
  periods(@UuidParam('itemId') itemId: string) {
    return this.queries.periods(itemId);
  }

  @Get('items/:itemId/state')
  state(@UuidParam('itemId') itemId: string) {
    return this.reports.state(itemId);
  }

  /** The item's audit trail (who, when, what, before/after); read-only — no endpoint changes it. */
  @Roles('supervisor', 'leader')
  @Get('items/:itemId/audit')
  audit(@UuidParam('itemId') itemId: string) {
    return this.queries.auditTrail(itemId);
  }

  @Roles('reporter', 'unit-head')
  @Get('me/periods')
  myPeriods(@Me() me: CurrentPerson) {
    return this.reports.myOpenPeriods(me);
  }

  /** Every period of every item of my unit with its state, and every report sent for it (each attempt, with the review). */
  @Roles('reporter', 'unit-head')
  @Get('me/history')
  myHistory(@Me() me: CurrentPerson) {
    return this.reports.myHistory(me);
  }

  @Roles('reporter')
  @Post('items/:itemId/reports')
  submit(@UuidParam('itemId') itemId: string, @Body() dto: SubmitReportDto, @Me() me: CurrentPerson, @Headers('idempotency-key') key?: string) {
    return this.reports.submit(itemId, dto, me, key);
  }

  /** Every report of the item, each attempt with its review; `periodKey` narrows to one period. */
  @Get('items/:itemId/reports')
  @ApiQuery({ name: 'periodKey', required: false, example: '2026Q4' })
  itemReports(@UuidParam('itemId') itemId: string, @Me() me: CurrentPerson, @Query('periodKey', new OptionalPeriodKeyPipe()) periodKey?: string) {
    return this.queries.reportsOfItem(itemId, me, periodKey);
  }

  @Get('reports/:reportId')
  report(@UuidParam('reportId') reportId: string, @Me() me: CurrentPerson) {
    return this.queries.reportFor(reportId, me);
  }

  @Roles('supervisor')
  @Post('reports/:reportId/review')
  @HttpCode(200)
  review(@UuidParam('reportId') reportId: string, @Body() dto: ReviewReportDto, @Me() me: CurrentPerson, @Headers('idempotency-key') key?: string) {
    return this.reports.review(reportId, dto, me, key);
  }
}
