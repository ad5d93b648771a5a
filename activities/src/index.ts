export * from './supervision.activities';
export * from './data-errors';
