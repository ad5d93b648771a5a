import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/current-person';
import { PendingRequestResponseDto, PendingRequestsQueryDto } from './pending-requests.dto';
import { PendingRequestsService } from './pending-requests.service';

/** The supervision office's to-do list beside the report queue: extensions and closures waiting for a decision. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller()
export class PendingRequestsController {
  constructor(private readonly requests: PendingRequestsService) {}

  @Roles('supervisor', 'leader')
  @Get('requests/pending')
  @ApiOkResponse({ type: [PendingRequestResponseDto], description: 'Oldest first, at most 500' })
  list(@Query() query: PendingRequestsQueryDto): Promise<PendingRequestResponseDto[]> {
    return this.requests.list(query.planId);
  }
}
