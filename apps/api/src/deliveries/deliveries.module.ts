import { Module } from '@nestjs/common';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { ItemNotificationsController } from './item-notifications.controller';
import { ItemNotificationsService } from './item-notifications.service';

@Module({
  controllers: [DeliveriesController, ChannelsController, ItemNotificationsController],
  providers: [DeliveriesService, ChannelsService, ItemNotificationsService],
})
export class DeliveriesModule {}
