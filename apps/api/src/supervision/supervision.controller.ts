import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { CreateClosureRequestDto, LeaderClosureDto } from './dto/closure.dto';
import { CreateContributionDto } from './dto/contribution.dto';
import { CreateExtensionRequestDto, DecideRequestDto } from './dto/extension.dto';
import { AcknowledgeDto, ChangePolicyDto, SetKeyItemDto } from './dto/policy.dto';
import { SupervisionService } from './supervision.service';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller()
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Roles('reporter', 'unit-head')
  @Post('items/:itemId/extensions')
  requestExtension(@Param('itemId', ParseUUIDPipe) itemId: string, @Body() dto: CreateExtensionRequestDto, @Me() me: CurrentPerson) {
    return this.supervision.requestExtension(itemId, dto, me);
  }

  @Get('items/:itemId/extensions')
  extensions(@Param('itemId', ParseUUIDPipe) itemId: string) {
    return this.supervision.extensions(itemId);
  }

  @Roles('supervisor')
  @Post('extensions/:requestId/approve')
  @HttpCode(200)
  approveExtension(@Param('requestId', ParseUUIDPipe) requestId: string, @Body() dto: DecideRequestDto, @Me() me: CurrentPerson) {
    return this.supervision.decideExtension(requestId, 'approve', me, dto.comment);
  }

  @Roles('supervisor')
  @Post('extensions/:requestId/reject')
  @HttpCode(200)
  rejectExtension(@Param('requestId', ParseUUIDPipe) requestId: string, @Body() dto: DecideRequestDto, @Me() me: CurrentPerson) {
    return this.supervision.decideExtension(requestId, 'reject', me, dto.comment);
  }

  @Roles('reporter', 'unit-head')
  @Post('items/:itemId/closure')
  requestClosure(@Param('itemId', ParseUUIDPipe) itemId: string, @Body() dto: CreateClosureRequestDto, @Me() me: CurrentPerson) {
    return this.supervision.requestClosure(itemId, dto, me);
  }

  @Get('items/:itemId/closures')
  closures(@Param('itemId', ParseUUIDPipe) itemId: string) {
    return this.supervision.closures(itemId);
  }

  @Roles('supervisor')
  @Post('closures/:requestId/approve')
  @HttpCode(200)
  approveClosure(@Param('requestId', ParseUUIDPipe) requestId: string, @Body() dto: DecideRequestDto, @Me() me: CurrentPerson) {
    return this.supervision.decideClosure(requestId, 'approve', me, dto.comment);
  }

  @Roles('supervisor')
  @Post('closures/:requestId/reject')
  @HttpCode(200)
  rejectClosure(@Param('requestId', ParseUUIDPipe) requestId: string, @Body() dto: DecideRequestDto, @Me() me: CurrentPerson) {
    return this.supervision.decideClosure(requestId, 'reject', me, dto.comment);
  }

  @Roles('leader')
  @Post('closures/:requestId/leader')
  @HttpCode(200)
  leaderClosure(@Param('requestId', ParseUUIDPipe) requestId: string, @Body() dto: LeaderClosureDto, @Me() me: CurrentPerson) {
    return this.supervision.leaderClosure(requestId, dto, me);
  }

  @Roles('supervisor')
  @Put('items/:itemId/key-item')
  setKeyItem(@Param('itemId', ParseUUIDPipe) itemId: string, @Body() dto: SetKeyItemDto, @Me() me: CurrentPerson) {
    return this.supervision.setKeyItem(itemId, dto.keyItem, me);
  }

  @Roles('supervisor', 'system-admin')
  @Put('items/:itemId/policy')
  changePolicy(@Param('itemId', ParseUUIDPipe) itemId: string, @Body() dto: ChangePolicyDto, @Me() me: CurrentPerson) {
    return this.supervision.changePolicy(itemId, dto, me);
  }

  @Roles('reporter', 'unit-head')
  @Post('items/:itemId/contributions')
  submitContribution(@Param('itemId', ParseUUIDPipe) itemId: string, @Body() dto: CreateContributionDto, @Me() me: CurrentPerson) {
    return this.supervision.submitContribution(itemId, dto, me);
  }

  @Get('reports/:reportId/contributions')
  contributions(@Param('reportId', ParseUUIDPipe) reportId: string) {
    return this.supervision.contributions(reportId);
  }

  @Get('items/:itemId/escalations')
  escalations(@Param('itemId', ParseUUIDPipe) itemId: string) {
    return this.supervision.escalationsOf(itemId);
  }

  @Get('escalations/:escalationId/notices')
  notices(@Param('escalationId', ParseUUIDPipe) escalationId: string) {
    return this.supervision.notices(escalationId);
  }

  @Post('escalations/:escalationId/acknowledge')
  @HttpCode(200)
  acknowledge(@Param('escalationId', ParseUUIDPipe) escalationId: string, @Body() dto: AcknowledgeDto, @Me() me: CurrentPerson) {
    return this.supervision.acknowledge(escalationId, me, dto.comment);
  }
}
