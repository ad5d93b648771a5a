import { Global, Module } from '@nestjs/common';
import { HttpMetrics } from '../common/http-metrics';
import { MetricsController } from './metrics.controller';

@Global()
@Module({ controllers: [MetricsController], providers: [HttpMetrics], exports: [HttpMetrics] })
export class MetricsModule {}
