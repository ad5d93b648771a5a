export const CONFIG = Symbol('DubanConfig');
export const TEMPORAL_CLIENT = Symbol('TemporalClient');
