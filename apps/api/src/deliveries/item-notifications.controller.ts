import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Me, type CurrentPerson } from '../auth/current-person';
import { UuidParam } from '../common/uuid-param';
import { ItemNotificationResponseDto, ItemNotificationsQueryDto } from './item-notifications.dto';
import { ItemNotificationsService } from './item-notifications.service';

/** The notifications of one item, for its timeline: who was reminded, urged or told, when, and whether it arrived. */
@ApiTags('deliveries')
@ApiBearerAuth()
@Controller()
export class ItemNotificationsController {
  constructor(private readonly notifications: ItemNotificationsService) {}

  @Get('items/:itemId/notifications')
  @ApiOkResponse({ type: [ItemNotificationResponseDto], description: 'Newest first' })
  @ApiBadRequestResponse({ description: 'itemId is not a UUID, or limit is out of range' })
  @ApiForbiddenResponse({ description: 'A unit’s person asking about an item their unit takes no part in' })
  @ApiNotFoundResponse({ description: 'No such item' })
  list(@UuidParam('itemId') itemId: string, @Query() query: ItemNotificationsQueryDto, @Me() me: CurrentPerson): Promise<ItemNotificationResponseDto[]> {
    return this.notifications.list(itemId, me, query.limit);
  }
}
