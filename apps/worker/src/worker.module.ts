import { Module, type DynamicModule } from '@nestjs/common';
import { WorkingDayCalendar, installedCalendarData } from '@duban/calendar';
import type { DubanConfig } from '@duban/config';
import { DatabaseModule } from '@duban/domain';
import { SupervisionWorkerService } from './supervision-worker.service';
import { DeliveryDispatcherService } from './delivery-dispatcher.service';
import { CalendarApplyService } from './calendar-apply.service';
import { CALENDAR, CONFIG } from './tokens';

@Module({})
export class WorkerModule {
  static forRoot(config: DubanConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [DatabaseModule.forRoot(config.databaseUrl)],
      providers: [
        { provide: CONFIG, useValue: config },
        // Read once: a malformed adjustments file stops the worker at start-up with the file and field named.
        { provide: CALENDAR, useValue: new WorkingDayCalendar(installedCalendarData(config.calendarAdjustments)) },
        CalendarApplyService,
        SupervisionWorkerService,
        DeliveryDispatcherService,
      ],
    };
  }
}
