import type { MessageParams, PlanParseErrorCode } from '../plan-parse.error';
import type { ParsedPlan } from '../plan.types';

/** The steps of a parse, in order; a timeout names the one it was in. */
export type ParseStage = 'decode' | 'outline' | 'responsibility' | 'items';

export interface ChildRequest {
  content: Uint8Array | string;
  fileName?: string;
  maxBytes?: number;
}

export type ChildAnswer =
  | { kind: 'stage'; stage: ParseStage }
  | { kind: 'plan'; plan: ParsedPlan }
  | { kind: 'refused'; code: PlanParseErrorCode; messageKey: string; params: MessageParams }
  | { kind: 'failed'; message: string };
