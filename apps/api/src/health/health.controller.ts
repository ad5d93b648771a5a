import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/current-person';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when Postgres and Temporal answer and a worker polls the task queue; 503 (saying which is not) otherwise. */
  @Public()
  @Get()
  async check() {
    const status = await this.health.check();
    if (status.postgres !== 'up' || status.temporal !== 'up' || status.worker !== 'polling') {
      throw new ServiceUnavailableException({ message: 'a backing service is down or no worker is polling', ...status });
    }
    return { status: 'ok', ...status };
  }
}
