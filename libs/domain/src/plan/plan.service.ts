import { createHash } from 'node:crypto';
import { DEFAULT_POLICY, KEY_ITEM_POLICY, itemWorkflowId, type ItemSupervisionInput } from '@duban/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEvent } from '../audit/audit-event.entity';
import { ConflictError, NotFoundError } from '../errors';
import type { UnitLookup } from '../unit/unit.service';
import { UnitService } from '../unit/unit.service';
import { ItemUnit } from './item-unit.entity';
import { Item } from './item.entity';
import type { ParsedPlanDocument } from './plan-import.types';
import { Plan } from './plan.entity';

export interface ImportResult {
  plan: Plan;
  /** False when the same document was imported before: nothing new was stored. */
  created: boolean;
}

export class PlanService {
  constructor(
    private readonly db: DataSource,
    private readonly units: UnitService = new UnitService(db),
  ) {}

  /** Stores a parsed document as a draft plan, all or nothing. The same document twice yields the same plan. */
  async importDraft(parsed: ParsedPlanDocument, sourceText: string, directory: UnitLookup, actor: string): Promise<ImportResult> {
    const sourceHash = createHash('sha256').update(sourceText).digest('hex');
    const existing = await this.db.getRepository(Plan).findOneBy({ sourceHash });
    if (existing) return { plan: existing, created: false };

    const unitNames = parsed.items.flatMap((i) => [...i.leadUnits, ...i.coUnits]);
    const units = await this.units.findOrCreate(unitNames, directory);
    const plan = await this.db.transaction(async (tx) => {
      const saved = await tx.getRepository(Plan).save(
        tx.getRepository(Plan).create({
          code: planCode(parsed.plan.docNumber ?? parsed.plan.title),
          title: parsed.plan.title,
          docNumber: parsed.plan.docNumber,
          issuer: parsed.plan.issuer,
          issuedOn: parsed.plan.issuedOn,
          status: 'draft',
          sourceHash,
          sourceText,
          targets: parsed.targets,
          policy: DEFAULT_POLICY,
          keyItemPolicy: KEY_ITEM_POLICY,
        }),
      );
      for (const [position, parsedItem] of parsed.items.entries()) {
        const item = await tx.getRepository(Item).save(
          tx.getRepository(Item).create({
            planId: saved.id,
            code: parsedItem.code,
            section: parsedItem.section,
            position,
            number: parsedItem.number,
            title: parsedItem.title,
            body: parsedItem.body,
            deadlines: parsedItem.deadlines,
            targets: parsedItem.targets,
          }),
        );
        const roles = [
          ...parsedItem.leadUnits.map((name, position) => ({ name, role: 'lead' as const, position })),
          ...parsedItem.coUnits.map((name, position) => ({ name, role: 'co' as const, position })),
        ];
        await tx.getRepository(ItemUnit).insert(
          dedupeRoles(roles).map((r) => ({ itemId: item.id, unitId: (units.get(r.name) as { id: string }).id, role: r.role, position: r.position })),
        );
      }
      await audit(tx, actor, 'plan.imported', 'plan', saved.id, null, { code: saved.code, items: parsed.items.length });
      return saved;
    });
    return { plan, created: true };
  }

  list(): Promise<Plan[]> {
    return this.db.getRepository(Plan).find({ order: { createdAt: 'ASC' } });
  }

  async get(planId: string): Promise<Plan> {
    const plan = await this.db.getRepository(Plan).findOneBy({ id: planId });
    if (!plan) throw new NotFoundError('plan', planId);
    return plan;
  }

  async items(planId: string): Promise<Item[]> {
    await this.get(planId);
    return this.db.getRepository(Item).find({
      where: { planId },
      relations: { units: { unit: true } },
      order: { position: 'ASC', units: { role: 'DESC', position: 'ASC' } },
    });
  }

  /**
   * Marks the plan active and returns one workflow input per item. Activation may be repeated (a crash between
   * this call and the workflow starts is healed by calling it again): workflow ids are deterministic.
   */
  async activate(planId: string, startOn: string, actor: string): Promise<ItemSupervisionInput[]> {
    const plan = await this.get(planId);
    if (plan.status === 'active' && plan.supervisionStartsOn) startOn = plan.supervisionStartsOn;
    const items = await this.items(planId);
    if (items.length === 0) throw new ConflictError('the plan has no items to supervise', plan.status);
    await this.db.transaction(async (tx) => {
      if (plan.status !== 'active') {
        await tx.getRepository(Plan).update(plan.id, { status: 'active', supervisionStartsOn: startOn, activatedAt: new Date() });
        await audit(tx, actor, 'plan.activated', 'plan', plan.id, { status: plan.status }, { status: 'active', supervisionStartsOn: startOn });
      }
      for (const item of items) {
        if (item.state === 'draft') {
          await tx.getRepository(Item).update(item.id, { state: 'supervised', workflowId: itemWorkflowId(plan.code, item.code) });
        }
      }
    });
    return items.map((item) => ({
      itemId: item.id,
      planCode: plan.code,
      itemCode: item.code,
      leadUnitIds: unitIds(item, 'lead'),
      coUnitIds: unitIds(item, 'co'),
      policy: item.policyOverride ?? (item.keyItem ? plan.keyItemPolicy : plan.policy),
      startOn,
    }));
  }
}

/** An ASCII code derived from the document number (or title), stable across re-imports. */
export function planCode(source: string): string {
  const year = /(19|20)\d{2}/.exec(source)?.[0] ?? 'plan';
  return `P${year}-${createHash('sha256').update(source).digest('hex').slice(0, 6)}`;
}

function unitIds(item: Item, role: 'lead' | 'co'): string[] {
  return (item.units ?? []).filter((u) => u.role === role).sort((a, b) => a.position - b.position).map((u) => u.unitId);
}

/** A unit listed twice in the same role keeps its first position. */
function dedupeRoles<T extends { name: string; role: string }>(roles: T[]): T[] {
  const seen = new Set<string>();
  return roles.filter((r) => !seen.has(`${r.role}:${r.name}`) && seen.add(`${r.role}:${r.name}`) !== undefined);
}

export async function audit(tx: EntityManager, actor: string, action: string, entity: string, entityId: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null, itemId: string | null = null, key: string | null = null): Promise<void> {
  // TypeORM's deep-partial typing cannot express a free-form jsonb column; the row is complete.
  const row = { actor, action, entity, entityId, before, after, itemId, key } as QueryDeepPartialEntity<AuditEvent>;
  await tx.createQueryBuilder().insert().into(AuditEvent).values(row).orIgnore().execute();
}
