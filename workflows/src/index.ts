export * from './item-supervision.workflow';
