import { Controller, Get, Header, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ScheduleQueryDto } from './dto';
import { ScheduleService } from './schedule.service';

@ApiTags('schedule')
@ApiBearerAuth()
@Controller()
export class ScheduleController {
  constructor(private readonly schedule: ScheduleService) {}

  @Get('items/:itemId/schedule')
  ofItem(@Param('itemId', ParseUUIDPipe) itemId: string, @Query() query: ScheduleQueryDto) {
    return this.schedule.ofItem(itemId, query.from, query.to);
  }

  @Get('units/:unitId/schedule')
  ofUnit(@Param('unitId', ParseUUIDPipe) unitId: string, @Query() query: ScheduleQueryDto) {
    return this.schedule.ofUnit(unitId, query.from, query.to);
  }

  @Get('units/:unitId/calendar.ics')
  @Header('content-type', 'text/calendar; charset=utf-8')
  feed(@Param('unitId', ParseUUIDPipe) unitId: string, @Query() query: ScheduleQueryDto) {
    return this.schedule.unitFeed(unitId, query.from, query.to);
  }
}
