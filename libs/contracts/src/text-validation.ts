/**
 * What a text field may hold, checked in one place by the API's DTO validation and by the workflows' Update validators
 * alike, so a value the database would refuse is refused before a workflow changes state (issue 12): no NUL (PostgreSQL
 * text cannot store it) or other control character but tab and line breaks, no lone UTF-16 surrogate (not encodable
 * as UTF-8), no bidirectional override that reorders what a reader sees, and no more than the field's length.
 */
export interface TextRule {
  /** Most characters (UTF-16 code units, as JavaScript and class-validator count). */
  maxLength: number;
  /** Whether line breaks and tabs are allowed (a narrative) or not (a name, a title). */
  multiline?: boolean;
}

// C0 controls but \t \n \r, DEL and the C1 controls (matching control characters is the point).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;
/** Bidirectional embeddings, overrides and isolates (the "Trojan Source" characters). */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `value` may not be stored under `rule`; undefined when it may. */
export function textReason(value: unknown, rule: TextRule): string | undefined {
  if (typeof value !== 'string') return 'must be text';
  if (value.length > rule.maxLength) return `at most ${rule.maxLength} characters (got ${value.length})`;
  if (CONTROL.test(value)) return 'contains a control character (such as NUL)';
  if (!rule.multiline && LINE_BREAK.test(value)) return 'must be one line';
  if (LONE_SURROGATE.test(value)) return 'contains an unpaired surrogate (not valid Unicode text)';
  if (BIDI_CONTROL.test(value)) return 'contains a bidirectional override character';
  return undefined;
}

/** The same as `field: reason`, the form of every validation message (the API answers it with `field`). */
export function textProblem(field: string, value: unknown, rule: TextRule): string | undefined {
  const reason = textReason(value, rule);
  return reason === undefined ? undefined : `${field}: ${reason}`;
}

/** The limits the API's DTOs and the workflows share (the columns are `text`; these keep rows and pages sane). */
export const TEXT_RULES = {
  narrative: { maxLength: 20_000, multiline: true },
  longText: { maxLength: 10_000, multiline: true },
  comment: { maxLength: 5_000, multiline: true },
  indicator: { maxLength: 200 },
  indicatorUnit: { maxLength: 20 },
} as const satisfies Record<string, TextRule>;
