import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source';
import { PersonService } from '../person/person.service';
import { PlanService } from '../plan/plan.service';
import { ReportQueries } from '../report/report-queries.service';
import { SupervisionRecords } from '../supervision/supervision-records.service';
import { UnitService } from '../unit/unit.service';
import { UnitDirectoryService } from '../unit/unit-directory.service';
import { PlanReviewService } from '../plan/plan-review.service';
import { GroupDutyService } from '../plan/group-duties';
import { LeaderService } from '../person/leader.service';
import { OfficeScope } from '../access/office-scope';
import { UnitScope } from '../access/unit-scope';
import { DirectoryAdminService } from '../admin/directory-admin.service';
import { ApiTokenService } from '../api-token/api-token.service';
import { AttachmentService } from '../attachment/attachment.service';
import { BulletinService } from '../bulletin/bulletin.service';
import { DashboardService } from '../dashboard/dashboard.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { InboxService } from '../inbox/inbox.service';
import { ApprovalQueueService } from '../queue/approval-queue.service';
import { ItemRegisterService } from '../register/item-register.service';
import { AuditTrailService } from '../audit/audit-trail.service';
import { SessionService } from '../session/session.service';
import { SignInThrottleService } from '../session/sign-in-throttle.service';

const SERVICES = [
  UnitService,
  PersonService,
  PlanService,
  ReportQueries,
  SupervisionRecords,
  IdempotencyService,
  ApprovalQueueService,
  AttachmentService,
  InboxService,
  DashboardService,
  BulletinService,
  ApiTokenService,
  DirectoryAdminService,
  UnitDirectoryService,
  PlanReviewService,
  GroupDutyService,
  LeaderService,
  OfficeScope,
  UnitScope,
  ItemRegisterService,
  SessionService,
  SignInThrottleService,
  AuditTrailService,
];

/** The DataSource and the domain services built on it, for both Nest apps. */
@Global()
@Module({})
export class DatabaseModule {
  /** `idempotencyTakeoverSeconds`: when a request left in progress by an API instance that died may be retried (IDEMPOTENCY_TAKEOVER_SECONDS). */
  static forRoot(databaseUrl: string, options: { idempotencyTakeoverSeconds?: number } = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(databaseUrl))],
      providers: SERVICES.map((service) => ({
        provide: service,
        useFactory: (db: DataSource) => (service === IdempotencyService ? new IdempotencyService(db, options.idempotencyTakeoverSeconds) : new service(db)),
        inject: [DataSource],
      })),
      exports: SERVICES,
    };
  }
}
