import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Public } from '../auth/current-person';
import { TEMPORAL_CLIENT } from '../tokens';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Public()
  @Get()
  async health() {
    const [postgres, temporal] = await Promise.all([
      this.db.query('SELECT 1').then(() => 'up', () => 'down'),
      this.temporal.workflowService.getSystemInfo({}).then(() => 'up', () => 'down'),
    ]);
    const status = { postgres, temporal };
    if (postgres !== 'up' || temporal !== 'up') throw new ServiceUnavailableException({ message: 'a backing service is down', ...status });
    return { status: 'ok', ...status };
  }
}
