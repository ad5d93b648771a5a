import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ApiTokenService, AuditTrailService, DirectoryAdminService, LeaderService, SessionService, UnitDirectoryService } from '@duban/domain';
import { UuidParam } from '../common/uuid-param';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { AdminService } from './admin.service';
import {
  AuditTrailQueryDto,
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

/** Units and service tokens: the system administrator's part (三员分立). */
@ApiTags('admin')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Roles('system-admin')
@Controller('admin')
export class AdminController {
  constructor(
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

/** People, roles, password resets, disabling and sessions: the security administrator's part (三员分立). */
@ApiTags('admin')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Roles('security-admin')
@Controller('admin')
export class SecurityAdminController {
  constructor(
    private readonly admin: AdminService,
    private readonly directory: DirectoryAdminService,
    private readonly sessions: SessionService,
  ) {}

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

  /** A disabled person's sessions end now, and no sign-in or API token of theirs works until enabled again. */
  @Post('people/:personId/disable')
  @HttpCode(200)
  disable(@UuidParam('personId') personId: string, @Me() me: CurrentPerson) {
    return this.admin.disable(personId, me.id);
  }

  @Post('people/:personId/enable')
  @HttpCode(200)
  enable(@UuidParam('personId') personId: string, @Me() me: CurrentPerson) {
    return this.directory.setDisabled(personId, false, me.id);
  }

  /** A temporary password, shown once in this answer; the person must change it at the next sign-in. */
  @Post('people/:personId/password-reset')
  @HttpCode(200)
  resetPassword(@UuidParam('personId') personId: string, @Me() me: CurrentPerson) {
    return this.admin.resetPassword(personId, me.id);
  }

  @Get('people/:personId/sessions')
  async personSessions(@UuidParam('personId') personId: string) {
    await this.admin.person(personId);
    return this.sessions.list(personId);
  }

  /** Forced sign-out: every session of the person ends; their next request answers 401. */
  @Post('people/:personId/sign-out')
  @HttpCode(200)
  async signOut(@UuidParam('personId') personId: string, @Me() me: CurrentPerson) {
    await this.admin.person(personId);
    return { ended: await this.sessions.revokeAllOf({ personId, reason: 'forced-sign-out', actor: me.id }) };
  }
}

/** The audit trail, read only: the audit administrator's part (三员分立). */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('audit-admin')
@Controller('admin/audit')
export class AuditAdminController {
  constructor(private readonly trail: AuditTrailService) {}

  /** In chain order; page on with afterSeq = the last row's seq. */
  @Get()
  list(@Query() query: AuditTrailQueryDto) {
    return this.trail.list({ afterSeq: query.afterSeq, limit: query.limit ?? 200, action: query.action });
  }

  /** Recomputes the hash chain (as `npx duban audit verify` does) and names the first row that does not match. */
  @Get('verify')
  verify() {
    return this.trail.verify();
  }
}
