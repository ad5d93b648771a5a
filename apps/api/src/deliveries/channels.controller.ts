import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { UuidParam } from '../common/uuid-param';
import { ChannelsService } from './channels.service';
import { ChannelQueryDto, CreateChannelDto, UnitDigestDto, UpdateChannelDto } from './dto';

/** Notification channels of units and people (email, webhooks, WeCom and DingTalk robots) and units' digests. */
@ApiTags('deliveries')
@ApiBearerAuth()
@Roles('system-admin')
@Controller('deliveries')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get('channels')
  list(@Query() query: ChannelQueryDto) {
    return this.channels.list(query);
  }

  @Post('channels')
  create(@Body() dto: CreateChannelDto, @Me() me: CurrentPerson) {
    return this.channels.create(dto, me.id);
  }

  @Patch('channels/:channelId')
  update(@UuidParam('channelId') channelId: string, @Body() dto: UpdateChannelDto, @Me() me: CurrentPerson) {
    return this.channels.update(channelId, dto, me.id);
  }

  @Delete('channels/:channelId')
  @HttpCode(204)
  remove(@UuidParam('channelId') channelId: string, @Me() me: CurrentPerson) {
    return this.channels.remove(channelId, me.id);
  }

  @Put('units/:unitId/digest')
  setDigest(@UuidParam('unitId') unitId: string, @Body() dto: UnitDigestDto, @Me() me: CurrentPerson) {
    return this.channels.setDigest(unitId, dto, me.id);
  }
}
