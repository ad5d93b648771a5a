import type { Person } from './in-memory-records';

/** The units and people of the simulations: the seed plan's lead unit, a cooperating unit, the office and a leader. */
export const GXW = 'unit-gxw'; // 市工业和信息化委: the lead unit of every item of the seed plan
export const FGW = 'unit-fgw'; // 市发展改革委: a cooperating unit
export const PEOPLE: Person[] = [
  { id: 'gxw-reporter', unitId: GXW, role: 'reporter' },
  { id: 'gxw-head', unitId: GXW, role: 'unit-head' },
  { id: 'fgw-reporter', unitId: FGW, role: 'reporter' },
  { id: 'supervisor', unitId: GXW, role: 'supervisor' },
  { id: 'leader', unitId: null, role: 'leader' },
];

/** An instant at a date and time (HH:MM) in Asia/Shanghai. */
export const at = (date: string, time = '10:00'): number => Date.parse(`${date}T${time}:00+08:00`);
