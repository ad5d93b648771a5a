export const CONFIG = Symbol('DubanConfig');
/** The working-day calendar in force: chinese-days with DUBAN_CALENDAR_ADJUSTMENTS over it, loaded once at start-up. */
export const CALENDAR = Symbol('WorkingDayCalendar');
