import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PlanService } from '@duban/domain';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { ActivatePlanDto, ImportPlanDto } from './dto';
import { PlansService } from './plans.service';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plansApp: PlansService,
    private readonly plans: PlanService,
  ) {}

  @Get()
  list() {
    return this.plans.list();
  }

  @Get(':planId')
  get(@Param('planId', ParseUUIDPipe) planId: string) {
    return this.plans.get(planId);
  }

  @Get(':planId/items')
  items(@Param('planId', ParseUUIDPipe) planId: string) {
    return this.plans.items(planId);
  }

  @Roles('supervisor', 'admin')
  @Post('import')
  async import(@Body() dto: ImportPlanDto, @Me() me: CurrentPerson) {
    const { plan, created } = await this.plansApp.importDocument(dto.fileName, dto.content, me.id);
    return { planId: plan.id, code: plan.code, status: plan.status, created };
  }

  @Roles('supervisor', 'admin')
  @Post(':planId/activate')
  @HttpCode(200)
  activate(@Param('planId', ParseUUIDPipe) planId: string, @Body() dto: ActivatePlanDto, @Me() me: CurrentPerson) {
    return this.plansApp.activate(planId, dto.startOn, me.id);
  }
}
