import { decodePlanInput } from './input/decode-input';
import type { ParseStage } from './isolate/child-messages';
import { parsePlan } from './parse-plan';
import type { ParsedPlan } from './plan.types';
import { parsePlanYaml } from './yaml/plan-yaml';

/** A .yaml/.yml file is a plan written by hand; anything else is a published document to parse. */
export function parsePlanDocument(input: Buffer | string, fileName?: string, maxBytes?: number, onStage?: (stage: ParseStage) => void): ParsedPlan {
  if (fileName && /\.ya?ml$/i.test(fileName)) return parsePlanYaml(decodePlanInput(input, maxBytes));
  return parsePlan(input, { fileName, maxBytes, onStage });
}
