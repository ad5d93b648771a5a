import { Module, type DynamicModule } from '@nestjs/common';
import type { DubanConfig } from '@duban/config';
import { DatabaseModule } from '@duban/domain';
import { SupervisionWorkerService } from './supervision-worker.service';
import { DeliveryDispatcherService } from './delivery-dispatcher.service';
import { CONFIG } from './tokens';

@Module({})
export class WorkerModule {
  static forRoot(config: DubanConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [DatabaseModule.forRoot(config.databaseUrl)],
      providers: [{ provide: CONFIG, useValue: config }, SupervisionWorkerService, DeliveryDispatcherService],
    };
  }
}
