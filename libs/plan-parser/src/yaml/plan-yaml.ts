import Ajv, { ErrorObject } from 'ajv';
import * as yaml from 'js-yaml';
import { PlanParseError } from '../plan-parse.error';
import { ParsedPlan, PlanItem } from '../plan.types';
import planSchema from '../plan.schema.json';

const ajv = new Ajv({ allErrors: true, useDefaults: true });
const validatePlan = ajv.compile<ParsedPlan>(planSchema);

/** /items/3/leadUnits → items[3].leadUnits, the way a person editing the YAML finds the spot. */
function readablePath(error: ErrorObject): string {
  const segments = error.instancePath.split('/').filter((s) => s.length > 0);
  const missing = typeof error.params.missingProperty === 'string' ? [error.params.missingProperty] : [];
  const extra = typeof error.params.additionalProperty === 'string' ? [error.params.additionalProperty] : [];
  const path = [...segments, ...missing, ...extra].map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  return path || '(root)';
}

function reasonOf(error: ErrorObject): string {
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not a known field';
  if (error.keyword === 'anyOf' && error.schemaPath.startsWith('#/definitions/target')) return 'needs value, min or max';
  return error.message ?? error.keyword;
}

function describe(errors: ErrorObject[]): string {
  // anyOf reports each failed branch as well; the branch errors repeat what the anyOf line already says.
  const meaningful = errors.filter((e) => !/\/anyOf\/\d+\//.test(e.schemaPath) || e.keyword === 'anyOf');
  return [...new Set(meaningful.map((e) => `${readablePath(e)}: ${reasonOf(e)}`))].join('; ');
}

/** Rules the schema cannot say: codes unique, and a code's letter matches its section. */
function crossCheck(items: PlanItem[]): string[] {
  const problems: string[] = [];
  items.forEach((item, i) => {
    if (items.findIndex((other) => other.code === item.code) !== i) problems.push(`items[${i}].code: ${item.code} is used twice`);
    const expected = item.section === 'task' ? 'T' : 'S';
    if (!item.code.startsWith(expected)) problems.push(`items[${i}].code: ${item.code} does not match section ${item.section} (${expected}…)`);
  });
  return problems;
}

function schemaError(details: string): PlanParseError {
  return new PlanParseError('invalid-yaml', 'invalid-yaml.schema', { details });
}

/** Reads a plan written by hand in YAML; every problem is reported with its path, none is silently dropped. */
export function parsePlanYaml(text: string): ParsedPlan {
  let document: unknown;
  try {
    // CORE_SCHEMA keeps 2024-06-30 a string instead of turning it into a Date.
    document = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (err) {
    throw new PlanParseError('invalid-yaml', 'invalid-yaml.syntax', { reason: err instanceof Error ? err.message : String(err) });
  }
  if (document === undefined || document === null) throw new PlanParseError('empty', 'empty');
  if (!validatePlan(document)) throw schemaError(describe(validatePlan.errors ?? []));
  const problems = crossCheck(document.items);
  if (problems.length > 0) throw schemaError(problems.join('; '));
  return document;
}

export function toPlanYaml(plan: ParsedPlan): string {
  return yaml.dump(plan, { lineWidth: -1, noRefs: true, quotingType: '"' });
}
