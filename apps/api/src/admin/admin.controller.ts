import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ApiTokenService, DirectoryAdminService, LeaderService, UnitDirectoryService } from '@duban/domain';
import { UuidParam } from '../common/uuid-param';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { AdminService } from './admin.service';
import {
  CreateApiTokenDto,
  CreatePersonDto,
  CreateUnitDto,
  GroupMembersDto,
  MergeUnitDto,
  RenameUnitDto,
  RetireUnitDto,
  UpdatePersonDto,
  UnitsInChargeDto,
  UpdateUnitDto,
} from './dto';

/** Units and groups, people and API tokens: the admin's directory. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(
    private readonly admin: AdminService,
    private readonly directory: DirectoryAdminService,
    private readonly unitDirectory: UnitDirectoryService,
    private readonly leaders: LeaderService,
    private readonly tokens: ApiTokenService,
  ) {}

  @Get('units')
  units() {
    return this.unitDirectory.list();
  }

  @Get('units/:unitId')
  unit(@UuidParam('unitId') unitId: string) {
    return this.unitDirectory.get(unitId);
  }

  @Post('units')
  createUnit(@Body() dto: CreateUnitDto, @Me() me: CurrentPerson) {
    return this.unitDirectory.create(dto, me.id);
  }

  @Patch('units/:unitId')
  updateUnit(@UuidParam('unitId') unitId: string, @Body() dto: UpdateUnitDto, @Me() me: CurrentPerson) {
    return this.unitDirectory.update(unitId, dto, me.id);
  }

  @Post('units/:unitId/rename')
  @HttpCode(200)
  renameUnit(@UuidParam('unitId') unitId: string, @Body() dto: RenameUnitDto, @Me() me: CurrentPerson) {
    return this.unitDirectory.rename(unitId, dto.name, me.id);
  }

  /** 合并: the unit is retired and its successor takes over its people, sub-units and group memberships. */
  @Post('units/:unitId/merge')
  @HttpCode(200)
  mergeUnit(@UuidParam('unitId') unitId: string, @Body() dto: MergeUnitDto, @Me() me: CurrentPerson) {
    return this.unitDirectory.retire(unitId, dto.successorId, me.id);
  }

  /** 撤销: refused while the unit has open duties, unless a successor takes them over. */
  @Post('units/:unitId/retire')
  @HttpCode(200)
  retireUnit(@UuidParam('unitId') unitId: string, @Body() dto: RetireUnitDto, @Me() me: CurrentPerson) {
    return this.unitDirectory.retire(unitId, dto.successorId ?? null, me.id);
  }

  @Put('units/:unitId/members')
  setGroupMembers(@UuidParam('unitId') unitId: string, @Body() dto: GroupMembersDto, @Me() me: CurrentPerson) {
    return this.unitDirectory.setMembers(unitId, dto.memberIds, me.id);
  }

  @Get('people')
  people() {
    return this.directory.listPeople();
  }

  @Post('people')
  createPerson(@Body() dto: CreatePersonDto, @Me() me: CurrentPerson) {
    return this.admin.createPerson(dto, me.id);
  }

  @Patch('people/:personId')
  updatePerson(@UuidParam('personId') personId: string, @Body() dto: UpdatePersonDto, @Me() me: CurrentPerson) {
    return this.directory.updatePerson(personId, dto, me.id);
  }

  @Get('people/:personId/in-charge')
  unitsInCharge(@UuidParam('personId') personId: string) {
    return this.leaders.unitsInCharge(personId);
  }

  /** The units a leader is in charge of (分管): the ladder's leader level for their items goes to this leader. */
  @Put('people/:personId/in-charge')
  setUnitsInCharge(@UuidParam('personId') personId: string, @Body() dto: UnitsInChargeDto, @Me() me: CurrentPerson) {
    return this.leaders.setUnitsInCharge(personId, dto.unitIds, me.id);
  }

  @Get('api-tokens')
  apiTokens() {
    return this.tokens.list();
  }

  /** The token itself is in this answer only; store it now. */
  @Post('api-tokens')
  issueApiToken(@Body() dto: CreateApiTokenDto, @Me() me: CurrentPerson) {
    return this.tokens.issue(dto, me.id);
  }

  @Delete('api-tokens/:tokenId')
  revokeApiToken(@UuidParam('tokenId') tokenId: string, @Me() me: CurrentPerson) {
    return this.tokens.revoke(tokenId, me.id);
  }
}
