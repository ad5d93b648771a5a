import { Module } from '@nestjs/common';
import { EscalationRecords, SupervisionQueries } from '@duban/domain';
import { DataSource } from 'typeorm';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';

/** Extension, closure, key item, policy, contributions and escalations of supervised items. */
@Module({
  controllers: [SupervisionController],
  providers: [
    SupervisionService,
    { provide: SupervisionQueries, useFactory: (db: DataSource) => new SupervisionQueries(db), inject: [DataSource] },
    { provide: EscalationRecords, useFactory: (db: DataSource) => new EscalationRecords(db), inject: [DataSource] },
  ],
})
export class SupervisionModule {}
