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
import { PlanService, type ImportResult } from '@duban/domain';
import { DEFAULT_MAX_BYTES } from '@duban/plan-parser';
import type { Response } from 'express';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { ActivatePlanDto, ImportPlanDto, PlanPoliciesDto, UpdateDraftItemDto } from './dto';
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
