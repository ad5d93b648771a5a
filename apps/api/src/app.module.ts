import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { DubanConfig } from '@duban/config';
import { DatabaseModule } from '@duban/domain';
import { AuthModule } from './auth/auth.module';
import { HealthController } from './health/health.controller';
import { PlansModule } from './plans/plans.module';
import { ReportsModule } from './reports/reports.module';
import { TemporalModule } from './temporal/temporal.module';
import { CONFIG } from './tokens';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: DubanConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: DubanConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(config.databaseUrl), TemporalModule, AuthModule, PlansModule, ReportsModule],
      controllers: [HealthController],
    };
  }
}
