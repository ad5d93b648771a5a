import { createHash } from 'node:crypto';
import { DEFAULT_POLICY, KEY_ITEM_POLICY, itemWorkflowId, type ItemSupervisionInput, type SupervisionPolicy } from '@duban/contracts';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { officeOf } from '../access/office-scope';
import { AuditEvent } from '../audit/audit-event.entity';
import { currentAuditOrigin } from '../audit/audit-context';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import type { UnitLookup } from '../unit/unit.service';
import { UnitService } from '../unit/unit.service';
import { isResolvedGroup, resolveGroupDuties, unresolvedGroupsMessage } from './group-duties';
import { ItemUnit } from './item-unit.entity';
import { Item, type ItemDeadline, type ItemTarget } from './item.entity';
import { diffPlan, type ComparableItem, type PlanDiff } from './plan-diff';
import type { ParsedPlanDocument } from './plan-import.types';
import { Plan } from './plan.entity';

export interface ImportResult {
  plan: Plan;
  /** False when nothing new was stored: the same document again, or a revision to review. */
  created: boolean;
  /** A revised document of a plan Duban already holds: what it would change. Nothing is stored. */
  revision?: PlanDiff;
}

export interface ImportOptions {
  /** Replace a draft plan of the same document number by this revision (never an active plan). */
  replaceDraft?: boolean;
}

export interface DraftItemChanges {
  title?: string;
  body?: string;
  leadUnits?: string[];
  coUnits?: string[];
  deadlines?: ItemDeadline[];
  targets?: ItemTarget[];
  keyItem?: boolean;
}

export class PlanService {
  constructor(
    private readonly db: DataSource,
    private readonly units: UnitService = new UnitService(db),
  ) {}

  /** Stores a parsed document as a draft plan, all or nothing. The same document twice yields the same plan. */
  async importDraft(parsed: ParsedPlanDocument, sourceText: string, directory: UnitLookup, actor: string, options: ImportOptions = {}): Promise<ImportResult> {
    if (parsed.items.length === 0) throw new InvalidInputError('the document has no supervision items', 'items');
    const sourceHash = createHash('sha256').update(sourceText).digest('hex');
    const existing = await this.db.getRepository(Plan).findOneBy({ sourceHash });
    if (existing) return { plan: existing, created: false };
    const code = planCode(parsed.plan.docNumber ?? parsed.plan.title);
    const previous = await this.db.getRepository(Plan).findOneBy({ code });
    if (previous) {
      const revision = diffPlan(await this.comparableItems(previous.id), parsed);
      if (!options.replaceDraft) return { plan: previous, created: false, revision };
      if (previous.status !== 'draft')
        throw new ConflictError(`plan ${code} is already under supervision; only a draft can be replaced by a revision`, previous.status);
    }

    const unitNames = parsed.items.flatMap((i) => [...i.leadUnits, ...i.coUnits]);
    const units = await this.units.findOrCreate(unitNames, directory);
    const plan = await this.db.transaction(async (tx) => {
      if (previous) {
        await tx.getRepository(Plan).delete(previous.id);
        await audit(tx, actor, 'plan.draft-replaced', 'plan', previous.id, { sourceHash: previous.sourceHash }, { sourceHash });
      }
      const saved = await tx.getRepository(Plan).save(
        tx.getRepository(Plan).create({
          code,
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
          officeId: await officeOf(tx, actor),
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
        await tx
          .getRepository(ItemUnit)
          .insert(dedupeRoles(roles).map((r) => ({ itemId: item.id, unitId: (units.get(r.name) as { id: string }).id, role: r.role, position: r.position })));
      }
      await audit(tx, actor, 'plan.imported', 'plan', saved.id, null, { code: saved.code, items: parsed.items.length });
      return saved;
    });
    return { plan, created: true };
  }

  /** The plans, or only one office's (a supervisor's list: see OfficeScope). */
  list(scope?: { officeId: string | null }): Promise<Plan[]> {
    const where = scope ? { officeId: scope.officeId ?? IsNull() } : {};
    return this.db.getRepository(Plan).find({ where, order: { createdAt: 'ASC' } });
  }

  /** A supervisor's correction of a draft item before activation; every change is audited. */
  async updateDraftItem(planId: string, itemId: string, changes: DraftItemChanges, directory: UnitLookup, actor: string): Promise<Item> {
    const plan = await this.get(planId);
    if (plan.status !== 'draft') throw new ConflictError(`plan ${plan.code} is under supervision: its items change through their workflows now`, plan.status);
    const item = (await this.items(planId)).find((i) => i.id === itemId);
    if (!item) throw new NotFoundError('item', itemId);
    if (changes.leadUnits && changes.leadUnits.length === 0) throw new InvalidInputError('an item needs at least one lead unit (牵头单位)', 'leadUnits');
    const units = await this.units.findOrCreate([...(changes.leadUnits ?? []), ...(changes.coUnits ?? [])], directory);
    const before = describeItem(item);
    await this.db.transaction(async (tx) => {
      const { leadUnits, coUnits, ...fields } = changes;
      if (Object.keys(fields).length > 0) await tx.getRepository(Item).update(item.id, fields);
      for (const [role, names] of [
        ['lead', leadUnits],
        ['co', coUnits],
      ] as const) {
        if (!names) continue;
        await tx.getRepository(ItemUnit).delete({ itemId: item.id, role });
        const rows = [...new Set(names)].map((name, position) => ({ itemId: item.id, unitId: (units.get(name) as { id: string }).id, role, position }));
        if (rows.length) await tx.getRepository(ItemUnit).insert(rows);
      }
      await audit(tx, actor, 'item.edited', 'item', item.id, before, { ...changes }, item.id);
    });
    return (await this.items(planId)).find((i) => i.id === itemId) as Item;
  }

  private async comparableItems(planId: string): Promise<ComparableItem[]> {
    return (await this.items(planId)).map((item) => ({
      ...describeItem(item),
      code: item.code,
      title: item.title,
      body: item.body,
      deadlines: item.deadlines,
    }));
  }

  /**
   * Stores the plan's policies (audited) and returns the items that follow the plan's policy — those without a
   * policy of their own — with the policy each should now run under; the caller tells their workflows.
   */
  async updatePolicies(
    planId: string,
    changes: { policy?: SupervisionPolicy; keyItemPolicy?: SupervisionPolicy },
    actor: string,
  ): Promise<Array<{ item: Item; policy: SupervisionPolicy }>> {
    const plan = await this.get(planId);
    const next = { policy: changes.policy ?? plan.policy, keyItemPolicy: changes.keyItemPolicy ?? plan.keyItemPolicy };
    const items = await this.items(planId);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const followers = items.filter(
      (item) => item.state === 'supervised' && (!item.policyOverride || same(item.policyOverride, item.keyItem ? plan.keyItemPolicy : plan.policy)),
    );
    await this.db.transaction(async (tx) => {
      await tx.getRepository(Plan).update(plan.id, next);
      await audit(tx, actor, 'plan.policy-changed', 'plan', plan.id, { policy: plan.policy, keyItemPolicy: plan.keyItemPolicy }, next);
    });
    return followers.map((item) => ({ item, policy: item.keyItem ? next.keyItemPolicy : next.policy }));
  }

  /** Supervised items in which the unit leads or cooperates, with their plans (for the unit's reporting calendar). */
  async supervisedItemsOfUnit(unitId: string): Promise<Array<{ item: Item; plan: Plan; role: 'lead' | 'co' }>> {
    const links = await this.db.getRepository(ItemUnit).find({ where: { unitId }, relations: { item: { plan: true } }, order: { role: 'DESC' } });
    return links
      .filter((link) => link.item?.state === 'supervised' && link.item.plan)
      .map((link) => ({ item: link.item as Item, plan: (link.item as Item).plan as Plan, role: link.role }));
  }

  /** The policy an item runs under: its own, else the plan's (key items: the plan's key-item policy). */
  static effectivePolicy(item: Item, plan: Plan): SupervisionPolicy {
    return item.policyOverride ?? (item.keyItem ? plan.keyItemPolicy : plan.policy);
  }

  async source(planId: string): Promise<string> {
    const plan = await this.db.getRepository(Plan).createQueryBuilder('p').addSelect('p.sourceText').where('p.id = :planId', { planId }).getOne();
    if (!plan) throw new NotFoundError('plan', planId);
    return plan.sourceText ?? '';
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
    let items = await this.items(planId);
    if (items.length === 0) throw new ConflictError('the plan has no items to supervise', plan.status);
    // Groups become one duty per member before anything is marked: an unresolved group leaves the draft as it was.
    const groups = await resolveGroupDuties(
      this.db,
      items.filter((item) => item.state === 'draft'),
    );
    if (groups.unresolved.length > 0) throw new ConflictError(unresolvedGroupsMessage(groups.unresolved), 'groups-unresolved');
    await this.db.transaction(async (tx) => {
      if (groups.duties.length > 0) await tx.createQueryBuilder().insert().into(ItemUnit).values(groups.duties).orIgnore().execute();
      if (plan.status !== 'active') {
        await tx.getRepository(Plan).update(plan.id, { status: 'active', supervisionStartsOn: startOn, activatedAt: new Date() });
        await audit(tx, actor, 'plan.activated', 'plan', plan.id, { status: plan.status }, { status: 'active', supervisionStartsOn: startOn });
      }
      // One statement for the plan's draft items, not one round trip per item (a 10,000-item plan).
      const drafts = items.filter((item) => item.state === 'draft');
      if (drafts.length > 0)
        await tx.query(
          `UPDATE item AS i SET state = 'supervised', workflow_id = v.workflow_id
             FROM unnest($1::uuid[], $2::text[]) AS v(id, workflow_id) WHERE i.id = v.id`,
          [drafts.map((item) => item.id), drafts.map((item) => itemWorkflowId(plan.code, item.code))],
        );
    });
    if (groups.duties.length > 0) items = await this.items(planId);
    // A closed item (办结) is done: activating the plan again must not supervise it anew.
    return items
      .filter((item) => item.state !== 'closed')
      .map((item) => ({
        itemId: item.id,
        planCode: plan.code,
        itemCode: item.code,
        leadUnitIds: unitIds(item, 'lead'),
        coUnitIds: unitIds(item, 'co'),
        policy: PlanService.effectivePolicy(item, plan),
        startOn,
      }));
  }
}

/** An ASCII code derived from the document number (or title), stable across re-imports. */
export function planCode(source: string): string {
  const year = /(19|20)\d{2}/.exec(source)?.[0] ?? 'plan';
  return `P${year}-${createHash('sha256').update(source).digest('hex').slice(0, 6)}`;
}

function describeItem(item: Item): { title: string; body: string; leadUnits: string[]; coUnits: string[]; deadlines: ItemDeadline[]; keyItem: boolean } {
  const names = (role: 'lead' | 'co') =>
    (item.units ?? [])
      .filter((u) => u.role === role && !u.viaGroupId)
      .sort((a, b) => a.position - b.position)
      .map((u) => u.unit?.name ?? u.unitId);
  return { title: item.title, body: item.body, leadUnits: names('lead'), coUnits: names('co'), deadlines: item.deadlines, keyItem: item.keyItem };
}

/** The units that hold the item's duties: a group stands for its members (resolved at activation), never for itself. */
function unitIds(item: Item, role: 'lead' | 'co'): string[] {
  return (item.units ?? [])
    .filter((u) => u.role === role && !isResolvedGroup(u.unit))
    .sort((a, b) => a.position - b.position)
    .map((u) => u.unitId);
}

/** A unit listed twice in the same role keeps its first position. */
function dedupeRoles<T extends { name: string; role: string }>(roles: T[]): T[] {
  const seen = new Set<string>();
  return roles.filter((r) => !seen.has(`${r.role}:${r.name}`) && seen.add(`${r.role}:${r.name}`) !== undefined);
}

export async function audit(
  tx: EntityManager,
  actor: string,
  action: string,
  entity: string,
  entityId: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  itemId: string | null = null,
  key: string | null = null,
): Promise<void> {
  // TypeORM's deep-partial typing cannot express a free-form jsonb column; the row is complete.
  const origin = currentAuditOrigin();
  const row = {
    actor,
    action,
    entity,
    entityId,
    before,
    after,
    itemId,
    key,
    address: origin?.address ?? null,
    tokenId: origin?.tokenId ?? null,
  } as QueryDeepPartialEntity<AuditEvent>;
  await tx.createQueryBuilder().insert().into(AuditEvent).values(row).orIgnore().execute();
}
