import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InboxService } from '@duban/domain';
import { UuidParam } from '../common/uuid-param';
import { Me, OpenToAdministrators, type CurrentPerson } from '../auth/current-person';
import { InboxQueryDto } from './dto';

/** Each person's own notifications; nobody reads another's inbox. */
@ApiTags('inbox')
@ApiBearerAuth()
@OpenToAdministrators()
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  list(@Query() query: InboxQueryDto, @Me() me: CurrentPerson) {
    return this.inbox.list(me.id, { unreadOnly: query.unread, before: query.cursor, limit: query.limit });
  }

  @Get('unread-count')
  unreadCount(@Me() me: CurrentPerson) {
    return this.inbox.unreadCount(me.id);
  }

  @Post('read-all')
  @HttpCode(200)
  readAll(@Me() me: CurrentPerson) {
    return this.inbox.markAllRead(me.id);
  }

  @Post(':notificationId/read')
  @HttpCode(200)
  read(@UuidParam('notificationId') notificationId: string, @Me() me: CurrentPerson) {
    return this.inbox.markRead(me.id, notificationId);
  }
}
