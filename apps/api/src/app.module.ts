import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { DubanConfig } from '@duban/config';
import { DatabaseModule } from '@duban/domain';
import { OfficeScopeInterceptor } from './access/office-scope.interceptor';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { IdempotencyRetention } from './common/idempotency-retention';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { InboxModule } from './inbox/inbox.module';
import { MetricsModule } from './metrics/metrics.module';
import { PlansModule } from './plans/plans.module';
import { ReportsModule } from './reports/reports.module';
import { SupervisionModule } from './supervision/supervision.module';
import { TemporalModule } from './temporal/temporal.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { ScheduleModule } from './schedule/schedule.module';
import { RequestsModule } from './requests/requests.module';
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
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config.databaseUrl, { idempotencyTakeoverSeconds: config.api.idempotencyTakeoverSeconds }),
        TemporalModule,
        MetricsModule,
        AuthModule,
        PlansModule,
        ReportsModule,
        InboxModule,
        DashboardModule,
        AdminModule,
        SupervisionModule,
        DeliveriesModule,
        ScheduleModule,
        RequestsModule,
      ],
      controllers: [HealthController],
      providers: [
        HealthService,
        IdempotencyRetention,
        { provide: APP_INTERCEPTOR, useClass: OfficeScopeInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
