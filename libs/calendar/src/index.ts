export * from './iso-date';
export * from './calendar-data';
export * from './working-day-calendar';
export * from './period-key';
export * from './period-schedule';
export * from './calendar-adjustments';
