import { Inject, Injectable } from '@nestjs/common';
import type { DubanConfig } from '@duban/config';
import type { PeriodSchedule } from '@duban/contracts';
import { WorkingDayCalendar, addCalendarDays, installedCalendarData, schedulePeriods } from '@duban/calendar';
import { InvalidInputError, PlanService, ReportQueries } from '@duban/domain';
import ical from 'ical-generator';
import { shanghaiToday } from '../common/shanghai-date';
import { CONFIG } from '../tokens';

export interface ItemSchedule {
  itemId: string;
  code: string;
  title: string;
  planTitle: string;
  role: 'lead' | 'co';
  frequency: string;
  periods: PeriodSchedule[];
}

/** Longest range one request may ask for: a plan's whole life is rarely longer. */
const MAX_DAYS = 366 * 6;

/** The reporting calendar (报告日历) of an item or a unit, computed on the working-day calendar from each item's policy. */
@Injectable()
export class ScheduleService {
  /** The calendar the workers compute on: chinese-days with DUBAN_CALENDAR_ADJUSTMENTS over it. */
  private readonly calendar: WorkingDayCalendar;

  constructor(
    private readonly plans: PlanService,
    private readonly queries: ReportQueries,
    @Inject(CONFIG) config: DubanConfig,
  ) {
    this.calendar = new WorkingDayCalendar(installedCalendarData(config.calendarAdjustments));
  }

  async ofItem(itemId: string, from?: string, to?: string): Promise<ItemSchedule> {
    const item = await this.queries.item(itemId);
    const plan = await this.plans.get(item.planId);
    const range = this.range(from, to);
    const policy = PlanService.effectivePolicy(item, plan);
    return {
      itemId,
      code: item.code,
      title: item.title,
      planTitle: plan.title,
      role: 'lead',
      frequency: policy.frequency,
      periods: schedulePeriods(range.from, range.to, policy, this.calendar),
    };
  }

  async ofUnit(unitId: string, from?: string, to?: string): Promise<ItemSchedule[]> {
    const range = this.range(from, to);
    const links = await this.plans.supervisedItemsOfUnit(unitId);
    return links.map(({ item, plan, role }) => {
      const policy = PlanService.effectivePolicy(item, plan);
      return {
        itemId: item.id,
        code: item.code,
        title: item.title,
        planTitle: plan.title,
        role,
        frequency: policy.frequency,
        periods: schedulePeriods(range.from, range.to, policy, this.calendar),
      };
    });
  }

  /** An iCalendar feed of the unit's due dates (cooperating units: their internal due date), for calendar apps. */
  async unitFeed(unitId: string, from?: string, to?: string): Promise<string> {
    const calendar = ical({ name: '督办报告日历', prodId: { company: 'Duban', product: 'duban', language: 'ZH' } });
    for (const schedule of await this.ofUnit(unitId, from, to)) {
      for (const period of schedule.periods) {
        const due = schedule.role === 'lead' ? period.dueOn : period.coDueOn;
        calendar.createEvent({
          id: `${schedule.itemId}-${period.key}-${schedule.role}@duban`,
          // All-day events: noon UTC keeps the calendar date whatever the server's time zone.
          start: new Date(`${due}T12:00:00Z`),
          allDay: true,
          summary: `【督办】${schedule.title}（${period.key}）${schedule.role === 'lead' ? '进展报告截止' : '配合材料截止'}`,
          description: `${schedule.planTitle}\n报告期 ${period.start} 至 ${period.end}，报送窗口 ${period.opensOn} 开启。`,
        });
      }
    }
    return calendar.toString();
  }

  private range(from?: string, to?: string): { from: string; to: string } {
    const start = from ?? shanghaiToday();
    const end = to ?? addCalendarDays(start, 365);
    if (end < start) throw new InvalidInputError('to: must not be before from', 'to');
    if (Date.parse(end) - Date.parse(start) > MAX_DAYS * 86_400_000) throw new InvalidInputError(`to: at most ${MAX_DAYS} days after from`, 'to');
    return { from: start, to: end };
  }
}
