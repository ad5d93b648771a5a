export * from './supervision.activities';
