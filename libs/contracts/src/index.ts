export * from './policy';
export * from './supervision';
export * from './activities';
export * from './escalation';
export * from './policy-validation';
export * from './text-validation';
