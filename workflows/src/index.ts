export * from './item-supervision.workflow';
export * from './escalation.workflow';
