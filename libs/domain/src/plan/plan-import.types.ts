import type { ItemDeadline, ItemSection, ItemTarget } from './item.entity';
import type { PlanTarget } from './plan.entity';

/** The parser's output (libs/plan-parser), as the domain stores it. */
export interface ParsedPlanDocument {
  plan: { title: string; docNumber: string | null; issuer: string | null; issuedOn: string | null };
  targets: PlanTarget[];
  items: Array<{
    code: string;
    section: ItemSection;
    number: string;
    title: string;
    body: string;
    leadUnits: string[];
    coUnits: string[];
    deadlines: ItemDeadline[];
    targets: ItemTarget[];
  }>;
}
