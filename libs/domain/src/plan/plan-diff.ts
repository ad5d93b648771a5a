import type { ParsedPlanDocument } from './plan-import.types';

/** An item as a supervisor compares it: what it says and who is responsible. */
export interface ComparableItem {
  code: string;
  title: string;
  body: string;
  leadUnits: string[];
  coUnits: string[];
  deadlines: Array<{ date: string }>;
}

export interface FieldChange {
  field: 'title' | 'body' | 'leadUnits' | 'coUnits' | 'deadlines';
  before: unknown;
  after: unknown;
}

export interface PlanDiff {
  added: Array<{ code: string; title: string }>;
  removed: Array<{ code: string; title: string }>;
  changed: Array<{ code: string; title: string; changes: FieldChange[] }>;
  unchanged: number;
}

const FIELDS: Array<FieldChange['field']> = ['title', 'body', 'leadUnits', 'coUnits', 'deadlines'];

function comparable(item: ComparableItem, field: FieldChange['field']): unknown {
  return field === 'deadlines' ? item.deadlines.map((d) => d.date) : item[field];
}

/** What a revised document changes against the plan Duban holds, item by item (matched by code). */
export function diffPlan(existing: ComparableItem[], revised: ParsedPlanDocument): PlanDiff {
  const before = new Map(existing.map((i) => [i.code, i]));
  const after = new Map(revised.items.map((i) => [i.code, i]));
  const diff: PlanDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const item of revised.items) {
    const old = before.get(item.code);
    if (!old) {
      diff.added.push({ code: item.code, title: item.title });
      continue;
    }
    const changes = FIELDS.flatMap((field) => {
      const [a, b] = [comparable(old, field), comparable(item, field)];
      return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ field, before: a, after: b }];
    });
    if (changes.length) diff.changed.push({ code: item.code, title: item.title, changes });
    else diff.unchanged += 1;
  }
  for (const item of existing) if (!after.has(item.code)) diff.removed.push({ code: item.code, title: item.title });
  return diff;
}
