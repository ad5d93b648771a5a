import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { GroupDutyService, LeaderService, OfficeScope, PlanReviewService, PlanService, UnitScope, type ImportResult } from '@duban/domain';
import { DEFAULT_MAX_BYTES } from '@duban/plan-parser';
import type { Response } from 'express';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { ActivatePlanDto, ChooseGroupMembersDto, ImportPlanDto, PlanHeadsDto, PlanPoliciesDto, UpdateDraftItemDto } from './dto';
import { PlansService } from './plans.service';

function importAnswer(result: ImportResult, res: Response) {
  res.status(result.created ? 201 : 200);
  return { planId: result.plan.id, code: result.plan.code, status: result.plan.status, created: result.created, revision: result.revision };
}

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plansApp: PlansService,
    private readonly plans: PlanService,
    private readonly planReview: PlanReviewService,
    private readonly groupDuties: GroupDutyService,
    private readonly leaders: LeaderService,
    private readonly scope: OfficeScope,
    private readonly unitScope: UnitScope,
  ) {}

  @Get()
  async list(@Me() me: CurrentPerson) {
    return this.plans.list(await this.scope.listScope(me));
  }

  @Get(':planId')
  get(@Param('planId', ParseUUIDPipe) planId: string) {
    return this.plans.get(planId);
  }

  @Get(':planId/items')
  async items(@Param('planId', ParseUUIDPipe) planId: string, @Me() me: CurrentPerson) {
    const items = await this.plans.items(planId);
    const readable = await this.unitScope.readableItems(me, planId);
    return readable ? items.filter((item) => readable.has(item.id)) : items;
  }

  /** What the supervisor must settle at import review: unit names the directory does not know, with the closest known names. */
  @Roles('supervisor')
  @Get(':planId/review')
  review(@Param('planId', ParseUUIDPipe) planId: string) {
    return this.planReview.review(planId);
  }

  @Get(':planId/source')
  @Header('content-type', 'text/plain; charset=utf-8')
  source(@Param('planId', ParseUUIDPipe) planId: string) {
    return this.plans.source(planId);
  }

  @Get(':planId/export.yaml')
  @Header('content-type', 'application/yaml; charset=utf-8')
  exportYaml(@Param('planId', ParseUUIDPipe) planId: string) {
    return this.plansApp.exportYaml(planId);
  }

  /** Import a document sent as JSON text: 201 with a new draft, 200 when nothing new was stored. */
  @Roles('supervisor')
  @Post('import')
  async import(@Body() dto: ImportPlanDto, @Me() me: CurrentPerson, @Res({ passthrough: true }) res: Response) {
    return importAnswer(await this.plansApp.importDocument(dto.fileName, dto.content, me.id, dto.replaceDraft), res);
  }

  /** Upload the document file itself (multipart field `file`): its bytes are checked for encoding and binary content. */
  @Roles('supervisor')
  @Post('upload')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, replaceDraft: { type: 'boolean' } } } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: DEFAULT_MAX_BYTES, files: 1 } }))
  async upload(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body('replaceDraft') replaceDraft: string | undefined,
    @Me() me: CurrentPerson,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!file) throw new BadRequestException('file: attach the plan document as the multipart field "file"');
    const name = Buffer.from(file.originalname, 'latin1').toString('utf8');
    return importAnswer(await this.plansApp.importDocument(name, file.buffer, me.id, replaceDraft === 'true'), res);
  }

  @Roles('supervisor')
  @Patch(':planId/items/:itemId')
  updateItem(
    @Param('planId', ParseUUIDPipe) planId: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() dto: UpdateDraftItemDto,
    @Me() me: CurrentPerson,
  ) {
    return this.plansApp.updateDraftItem(planId, itemId, dto, me.id);
  }

  /** The members of a "有关" group (各有关区政府) on a draft item, chosen at review; activation waits for them. */
  @Roles('supervisor')
  @Put(':planId/items/:itemId/groups/:groupId/members')
  chooseGroupMembers(
    @Param('planId', ParseUUIDPipe) planId: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Body() dto: ChooseGroupMembersDto,
    @Me() me: CurrentPerson,
  ) {
    return this.groupDuties.chooseMembers({ planId, itemId, groupId, memberIds: dto.memberIds, actor: me.id });
  }

  @Roles('supervisor', 'leader')
  @Get(':planId/heads')
  heads(@Param('planId', ParseUUIDPipe) planId: string) {
    return this.leaders.planHeads(planId);
  }

  /** The plan's head (组长): the ladder's leader level for every item of the plan reaches them too. */
  @Roles('supervisor')
  @Put(':planId/heads')
  setHeads(@Param('planId', ParseUUIDPipe) planId: string, @Body() dto: PlanHeadsDto, @Me() me: CurrentPerson) {
    return this.leaders.setPlanHeads(planId, dto.personIds, me.id);
  }

  @Roles('supervisor', 'system-admin')
  @Put(':planId/policy')
  changePolicies(@Param('planId', ParseUUIDPipe) planId: string, @Body() dto: PlanPoliciesDto, @Me() me: CurrentPerson) {
    return this.plansApp.changePolicies(planId, dto, me.id);
  }

  @Roles('supervisor')
  @Post(':planId/activate')
  @HttpCode(200)
  activate(@Param('planId', ParseUUIDPipe) planId: string, @Body() dto: ActivatePlanDto, @Me() me: CurrentPerson) {
    return this.plansApp.activate(planId, dto.startOn, me.id);
  }
}
