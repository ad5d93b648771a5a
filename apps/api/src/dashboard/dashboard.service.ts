import { ForbiddenException, Injectable, StreamableFile } from '@nestjs/common';
import { BulletinService, DashboardService, renderBulletinHtml, renderBulletinXlsx, type Bulletin, type BulletinLocale, type Dashboard } from '@duban/domain';
import type { CurrentPerson } from '../auth/current-person';
import { shanghaiToday } from '../common/shanghai-date';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OVERSIGHT = new Set(['supervisor', 'leader']);

@Injectable()
export class DashboardAppService {
  constructor(
    private readonly dashboards: DashboardService,
    private readonly bulletins: BulletinService,
  ) {}

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
