import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DOCUMENT_SANDBOX_POLICY } from '../common/security-headers';
import { UuidParam } from '../common/uuid-param';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { PeriodKeyPipe } from '../common/period-key.pipe';
import { DashboardAppService } from './dashboard.service';
import { BulletinQueryDto, RegisterQueryDto } from './dto';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller()
export class DashboardController {
  constructor(private readonly app: DashboardAppService) {}

  @Roles('supervisor', 'leader')
  @Get('dashboard/plans/:planId')
  plan(@UuidParam('planId') planId: string) {
    return this.app.plan(planId);
  }

  /** The item's targets with their latest approved values (what its row on the plan's dashboard shows). */
  @Get('items/:itemId/progress')
  item(@UuidParam('itemId') itemId: string, @Me() me: CurrentPerson) {
    return this.app.item(itemId, me);
  }

  @Get('dashboard/units/:unitId')
  unit(@UuidParam('unitId') unitId: string, @Me() me: CurrentPerson) {
    return this.app.unit(unitId, me);
  }

  /** The plan's item register (台账): every item with lead and cooperating units, deadline, status, last report, progress. */
  @Roles('supervisor', 'leader')
  @Get('plans/:planId/register')
  @ApiProduces('application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  register(@UuidParam('planId') planId: string, @Query() query: RegisterQueryDto) {
    return this.app.register(planId, query.format ?? 'json', query.locale ?? 'zh-CN');
  }

  /** The bulletin (通报) of one period: JSON for the console, HTML to read, .xlsx to circulate. */
  @Roles('supervisor', 'leader')
  @Get('bulletins/plans/:planId/periods/:periodKey')
  @ApiParam({ name: 'periodKey', example: '2026Q4' })
  @ApiProduces('application/json', 'text/html', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  bulletin(
    @UuidParam('planId') planId: string,
    @Param('periodKey', PeriodKeyPipe) periodKey: string,
    @Query() query: BulletinQueryDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    // The HTML is opened as a page of our origin: sandboxed, it can run nothing even if a record slipped the escaping.
    if (query.format === 'html') res.setHeader('content-security-policy', DOCUMENT_SANDBOX_POLICY);
    return this.app.bulletin(planId, periodKey, query.format ?? 'json', query.locale ?? 'zh-CN');
  }
}
