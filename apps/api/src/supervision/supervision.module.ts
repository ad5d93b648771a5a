import { Module } from '@nestjs/common';
import { WorkingDayCalendar, installedCalendarData } from '@duban/calendar';
import type { DubanConfig } from '@duban/config';
import { EscalationRecords, SupervisionQueries } from '@duban/domain';
import { DataSource } from 'typeorm';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';
import { CONFIG } from '../tokens';

/** Extension, closure, key item, policy, contributions and escalations of supervised items. */
@Module({
  controllers: [SupervisionController],
  providers: [
    SupervisionService,
    // The calendar the workers compute due dates on (chinese-days with DUBAN_CALENDAR_ADJUSTMENTS over it).
    {
      provide: WorkingDayCalendar,
      useFactory: (config: DubanConfig) => new WorkingDayCalendar(installedCalendarData(config.calendarAdjustments)),
      inject: [CONFIG],
    },
    { provide: SupervisionQueries, useFactory: (db: DataSource) => new SupervisionQueries(db), inject: [DataSource] },
    { provide: EscalationRecords, useFactory: (db: DataSource) => new EscalationRecords(db), inject: [DataSource] },
  ],
})
export class SupervisionModule {}
