import { Body, Controller, Delete, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ApiTokenService, DirectoryAdminService } from '@duban/domain';
import { UuidParam } from '../common/uuid-param';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { AdminService } from './admin.service';
import { CreateApiTokenDto, CreatePersonDto, CreateUnitDto, UpdatePersonDto, UpdateUnitDto } from './dto';

/** Units, people and API tokens: the admin's directory. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(
    private readonly admin: AdminService,
    private readonly directory: DirectoryAdminService,
    private readonly tokens: ApiTokenService,
  ) {}

  @Get('units')
  units() {
    return this.directory.listUnits();
  }

  @Post('units')
  createUnit(@Body() dto: CreateUnitDto, @Me() me: CurrentPerson) {
    return this.directory.createUnit(dto, me.id);
  }

  @Patch('units/:unitId')
  updateUnit(@UuidParam('unitId') unitId: string, @Body() dto: UpdateUnitDto, @Me() me: CurrentPerson) {
    return this.directory.updateUnit(unitId, dto, me.id);
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
