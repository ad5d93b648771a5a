import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../common/uuid-param';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { PeriodKeyPipe } from '../common/period-key.pipe';
import { DashboardAppService } from './dashboard.service';
import { BulletinQueryDto } from './dto';

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

  @Get('dashboard/units/:unitId')
  unit(@UuidParam('unitId') unitId: string, @Me() me: CurrentPerson) {
    return this.app.unit(unitId, me);
  }

  /** The bulletin (通报) of one period: JSON for the console, HTML to read, .xlsx to circulate. */
  @Roles('supervisor', 'leader')
  @Get('bulletins/plans/:planId/periods/:periodKey')
  @ApiParam({ name: 'periodKey', example: '2026Q4' })
  @ApiProduces('application/json', 'text/html', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  bulletin(@UuidParam('planId') planId: string, @Param('periodKey', PeriodKeyPipe) periodKey: string, @Query() query: BulletinQueryDto) {
    return this.app.bulletin(planId, periodKey, query.format ?? 'json', query.locale ?? 'zh-CN');
  }
}
