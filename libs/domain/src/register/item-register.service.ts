import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { DashboardService, type IndicatorProgress } from '../dashboard/dashboard.service';
import { NotFoundError } from '../errors';
import { Item } from '../plan/item.entity';
import { Plan } from '../plan/plan.entity';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

/** One item of a plan's register (台账): who leads and helps, by when, where it stands, what was last reported. */
export interface RegisterRow {
  itemId: string;
  itemCode: string;
  itemTitle: string;
  section: string;
  keyItem: boolean;
  leadUnits: string[];
  coUnits: string[];
  /** The latest of the item's deadlines (its final deadline), null when the document gave none. */
  finalDeadline: string | null;
  state: string;
  statusColour: string;
  statusReason: string | null;
  lastReport: { periodKey: string; attempt: number; status: string; submittedAt: string } | null;
  progress: IndicatorProgress[];
}

export interface ItemRegister {
  plan: { id: string; code: string; title: string };
  generatedAt: string;
  rows: RegisterRow[];
}

export const REGISTER_LOCALES = { 'zh-CN': zhCN, en } as const;
export type RegisterLocale = keyof typeof REGISTER_LOCALES;

/** The register (台账) of a plan's items, for the console and as a workbook to circulate. */
export class ItemRegisterService {
  constructor(
    private readonly db: DataSource,
    private readonly dashboard: DashboardService = new DashboardService(db),
  ) {}

  async forPlan(planId: string): Promise<ItemRegister> {
    const plan = await this.db.getRepository(Plan).findOneBy({ id: planId });
    if (!plan) throw new NotFoundError('plan', planId);
    const items = await this.db.getRepository(Item).find({ where: { planId }, relations: { units: { unit: true } }, order: { position: 'ASC' } });
    const last: Array<{ itemId: string; periodKey: string; attempt: number; status: string; submittedAt: string }> = await this.db.query(
      `SELECT DISTINCT ON (r.item_id) r.item_id AS "itemId", p.key AS "periodKey", r.attempt, r.status, r.submitted_at AS "submittedAt"
         FROM report r JOIN reporting_period p ON p.id = r.period_id
        WHERE r.item_id = ANY($1::uuid[])
        ORDER BY r.item_id, r.submitted_at DESC, r.attempt DESC`,
      [items.map((i) => i.id)],
    );
    const progress = await this.dashboard.indicators(items);
    const lastOf = new Map(last.map((r) => [r.itemId, r]));
    return {
      plan: { id: plan.id, code: plan.code, title: plan.title },
      generatedAt: new Date().toISOString(),
      rows: items.map((item) => {
        const units = [...(item.units ?? [])].sort((a, b) => a.position - b.position);
        const report = lastOf.get(item.id);
        return {
          itemId: item.id,
          itemCode: item.code,
          itemTitle: item.title,
          section: item.section,
          keyItem: item.keyItem,
          leadUnits: units.filter((u) => u.role === 'lead').map((u) => u.unit?.name ?? u.unitId),
          coUnits: units.filter((u) => u.role === 'co').map((u) => u.unit?.name ?? u.unitId),
          finalDeadline:
            item.deadlines
              .map((d) => d.date)
              .sort()
              .at(-1) ?? null,
          state: item.state,
          statusColour: item.statusColour,
          statusReason: item.statusReason,
          lastReport: report
            ? { periodKey: report.periodKey, attempt: report.attempt, status: report.status, submittedAt: new Date(report.submittedAt).toISOString() }
            : null,
          progress: progress.filter((p) => p.itemId === item.id),
        };
      }),
    };
  }
}

function shanghaiTime(iso: string): string {
  const s = new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** One cell per target: "4K电视用户 150/300万户（50.0%）". */
export function progressText(progress: IndicatorProgress[]): string {
  return progress
    .map((p) => {
      const latest = p.latestValue === null ? '—' : String(p.latestValue);
      const goal = p.goal === null ? '—' : `${p.goal}${p.unit}`;
      const rate = p.progress === null ? '' : `（${(p.progress * 100).toFixed(1)}%）`;
      return `${p.indicator}${p.year ? `(${p.year})` : ''} ${latest}/${goal}${rate}`;
    })
    .join('；');
}

/** The register as an .xlsx workbook: a title row, when it was made (Beijing time), a header row and a row per item. */
export async function renderRegisterXlsx(register: ItemRegister, locale: RegisterLocale = 'zh-CN'): Promise<Buffer> {
  const t = REGISTER_LOCALES[locale];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Duban';
  const sheet = workbook.addWorksheet(t.sheet);
  sheet.addRow([fill(t.title, { plan: register.plan.title, code: register.plan.code })]).font = { bold: true, size: 14 };
  sheet.addRow([fill(t.generatedAt, { at: shanghaiTime(register.generatedAt) })]);
  const c = t.columns;
  const header = sheet.addRow([c.item, c.title, c.lead, c.co, c.deadline, c.status, c.lastReport, c.progress]);
  header.font = { bold: true };
  for (const r of register.rows) {
    const status =
      r.state === 'closed'
        ? t.closed
        : `${t.colours[r.statusColour as keyof typeof t.colours] ?? r.statusColour}${r.statusReason ? `：${r.statusReason}` : ''}`;
    const last = r.lastReport
      ? fill(t.lastReport, {
          period: r.lastReport.periodKey,
          attempt: r.lastReport.attempt,
          status: t.reportStatus[r.lastReport.status as keyof typeof t.reportStatus] ?? r.lastReport.status,
          at: shanghaiTime(r.lastReport.submittedAt),
        })
      : t.noReport;
    sheet.addRow([
      r.itemCode,
      r.itemTitle,
      r.leadUnits.join('、'),
      r.coUnits.join('、'),
      r.finalDeadline ?? '—',
      status,
      last,
      progressText(r.progress) || '—',
    ]);
  }
  sheet.columns.forEach((col, i) => (col.width = [10, 40, 20, 24, 12, 30, 30, 36][i] ?? 14));
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
