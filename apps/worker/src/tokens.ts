export const CONFIG = Symbol('DubanConfig');
