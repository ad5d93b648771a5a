import { ForbiddenException, Injectable, StreamableFile } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  assertMayReadItem,
  BulletinService,
  DashboardService,
  renderBulletinHtml,
  renderBulletinXlsx,
  type Bulletin,
  type BulletinLocale,
  type Dashboard,
  type IndicatorProgress,
  ItemRegisterService,
  renderRegisterXlsx,
  type ItemRegister,
  type RegisterLocale,
} from '@duban/domain';
import type { CurrentPerson } from '../auth/current-person';
import { shanghaiToday } from '../common/shanghai-date';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OVERSIGHT = new Set(['supervisor', 'leader']);

@Injectable()
export class DashboardAppService {
  constructor(
    private readonly dashboards: DashboardService,
    private readonly bulletins: BulletinService,
    private readonly db: DataSource,
    private readonly registers: ItemRegisterService,
  ) {}

  async register(planId: string, format: 'json' | 'xlsx', locale: RegisterLocale): Promise<ItemRegister | StreamableFile> {
    const register = await this.registers.forPlan(planId);
    if (format === 'xlsx')
      return new StreamableFile(await renderRegisterXlsx(register, locale), {
        type: XLSX,
        disposition: `attachment; filename="register-${register.plan.code}.xlsx"`,
      });
    return register;
  }

  /** An item's approved progress, the same figures the plan's dashboard shows, for anyone who may read the item. */
  async item(itemId: string, me: CurrentPerson): Promise<IndicatorProgress[]> {
    const progress = await this.dashboards.forItem(itemId);
    await assertMayReadItem(this.db, itemId, me);
    return progress;
  }

  plan(planId: string): Promise<Dashboard> {
    return this.dashboards.forPlan(planId, shanghaiToday());
  }

  /** Oversight roles see every unit; a unit's own people see their unit. */
  unit(unitId: string, me: CurrentPerson): Promise<Dashboard> {
    if (!OVERSIGHT.has(me.role) && me.unitId !== unitId) throw new ForbiddenException('you may see the dashboard of your own unit only');
    return this.dashboards.forUnit(unitId, shanghaiToday());
  }

  async bulletin(planId: string, periodKey: string, format: 'json' | 'html' | 'xlsx', locale: BulletinLocale): Promise<Bulletin | StreamableFile> {
    const bulletin = await this.bulletins.forPeriod(planId, periodKey, shanghaiToday());
    const name = `bulletin-${bulletin.plan.code}-${periodKey}`;
    if (format === 'html')
      return new StreamableFile(Buffer.from(renderBulletinHtml(bulletin, locale), 'utf8'), {
        type: 'text/html; charset=utf-8',
        disposition: `inline; filename="${name}.html"`,
      });
    if (format === 'xlsx')
      return new StreamableFile(await renderBulletinXlsx(bulletin, locale), { type: XLSX, disposition: `attachment; filename="${name}.xlsx"` });
    return bulletin;
  }
}
