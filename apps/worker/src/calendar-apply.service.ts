import { Inject, Injectable, Logger } from '@nestjs/common';
import type { WorkingDayCalendar } from '@duban/calendar';
import { calendarChangedSignal } from '@duban/contracts';
import { temporalConnectionOptions, type DubanConfig } from '@duban/config';
import { CalendarVersions, type CalendarApplication } from '@duban/domain';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { CALENDAR, CONFIG } from './tokens';

/** Signals in flight at once: enough to tell 10,000 items in seconds without flooding the frontend. */
const SIGNALS_IN_FLIGHT = 16;

/**
 * A worker computes every due date on the calendar it was started with. When that calendar is not the one the
 * running supervision was last told of (a newer chinese-days, a changed DUBAN_CALENDAR_ADJUSTMENTS file, or one
 * taken away), it tells every supervised item's workflow — which recomputes its open period in an activity, on
 * this calendar — and records the version in PostgreSQL (calendar_version), once, however many workers start.
 */
@Injectable()
export class CalendarApplyService {
  private readonly logger = new Logger(CalendarApplyService.name);

  constructor(
    @Inject(CONFIG) private readonly config: DubanConfig,
    @Inject(CALENDAR) private readonly calendar: WorkingDayCalendar,
    private readonly db: DataSource,
  ) {}

  async apply(): Promise<CalendarApplication> {
    const connection = await Connection.connect(temporalConnectionOptions(this.config.temporal));
    try {
      const client = new Client({ connection, namespace: this.config.temporal.namespace });
      const result = await new CalendarVersions(this.db).apply(this.calendar.version, this.calendar.dataYears(), (ids) => this.tell(client, ids));
      if (result.applied) {
        this.logger.log(
          `calendar ${result.version} applied (before: ${result.previous ?? 'none'}): ${result.signalled} item workflows told to recompute their open periods`,
        );
      } else {
        this.logger.log(`calendar ${result.version} is the one in force`);
      }
      return result;
    } finally {
      await connection.close();
    }
  }

  private async tell(client: Client, workflowIds: string[]): Promise<number> {
    let told = 0;
    const queue = [...workflowIds];
    const version = this.calendar.version;
    const next = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          await client.workflow.getHandle(id).signal(calendarChangedSignal, { version });
          told += 1;
        } catch (err) {
          // A workflow that has ended (an item closed in the meantime) has no open period to move.
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SIGNALS_IN_FLIGHT, queue.length) }, next));
    return told;
  }
}
