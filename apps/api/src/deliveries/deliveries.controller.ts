import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/current-person';
import { DeliveriesService } from './deliveries.service';
import { DeliveryQueryDto } from './dto';

/** Delivery status, attempts and errors of email and webhook messages, for admins and the supervision office. */
@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @Roles('system-admin', 'supervisor')
  list(@Query() query: DeliveryQueryDto) {
    return this.deliveries.list(query);
  }
}
