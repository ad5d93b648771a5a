import { useEffect, useMemo, useState } from 'react';
import { Card, Col, Empty, Grid, Row, Select, Skeleton, Space, Statistic, Table, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Chart } from '../components/Chart';
import { LoadError, PageTitle, percent } from '../components/common';
import { get } from '../api';
import { useApi } from '../hooks';
import type { Colour, Dashboard, Item, Plan } from '../types';
import { chartHtml } from '../components/chart-html';

interface UnitRow {
  unitId: string;
  unitName: string;
  items: Item[];
  counts: Record<Colour, number>;
}

/** The plan at a glance: red/yellow/green by lead unit, counts, on-time rates, indicators and the trend. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const plans = useApi<Plan[]>('/plans');
  const active = (plans.data ?? []).filter((p) => p.status === 'active');
  const planId = params.get('plan') ?? active[0]?.id ?? null;
  const dashboard = useApi<Dashboard>(planId ? `/dashboard/plans/${planId}` : null);
  const items = useApi<Item[]>(planId ? `/plans/${planId}/items` : null);

  const units = useMemo<UnitRow[]>(() => {
    const byUnit = new Map<string, UnitRow>();
    for (const item of items.data ?? []) {
      for (const u of (item.units ?? []).filter((x) => x.role === 'lead')) {
        const row = byUnit.get(u.unitId) ?? { unitId: u.unitId, unitName: u.unit.name, items: [], counts: { green: 0, yellow: 0, red: 0 } };
        row.items.push(item);
        row.counts[item.statusColour] += 1;
        byUnit.set(u.unitId, row);
      }
    }
    return [...byUnit.values()].sort(
      (a, b) => b.counts.red - a.counts.red || b.counts.yellow - a.counts.yellow || a.unitName.localeCompare(b.unitName, 'zh-CN'),
    );
  }, [items.data]);

  const perUnit = useUnitRates(planId, (dashboard.data?.trend ?? []).map((p) => p.periodKey).join(','));
  const narrow = Grid.useBreakpoint().md === false;

  const d = dashboard.data;
  const escalated = d?.escalationsByLevel ? d.escalationsByLevel.reduce((n, e) => n + e.count, 0) : null;
  const indicators = (d?.indicators ?? []).filter((i) => i.goal !== null);

  return (
    <>
      <PageTitle
        title={t('dashboard.title')}
        extra={
          active.length > 0 && (
            <Space wrap>
              <Select
                aria-label={t('dashboard.plan')}
                value={planId ?? undefined}
                style={{ minWidth: 280, maxWidth: '100%' }}
                options={active.map((p) => ({ value: p.id, label: `${p.title}（${p.code}）` }))}
                onChange={(v: string) => setParams({ plan: v })}
              />
              {planId && (
                <Link to={`/plans/${planId}/register`} data-testid="open-register">
                  {t('register.open')}
                </Link>
              )}
            </Space>
          )
        }
      />
      <LoadError error={plans.error ?? dashboard.error ?? items.error} retry={dashboard.reload} />
      {plans.data && active.length === 0 && <Empty description={t('dashboard.noPlan')} />}
      {planId && !d && <Skeleton active />}
      {d && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Row gutter={[12, 12]}>
            <Col xs={12} sm={8} lg={4}>
              <Card size="small">
                <Statistic title={t('dashboard.items')} value={d.items} />
              </Card>
            </Col>
            <Col xs={12} sm={8} lg={4}>
              <Card size="small">
                <Statistic title={t('dashboard.keyItems')} value={d.keyItems} />
              </Card>
            </Col>
            <Col xs={12} sm={8} lg={4}>
              <Card size="small">
                <Statistic
                  title={t('dashboard.onTimeRate')}
                  value={percent(d.onTimeRate)}
                  className={d.onTimeRate !== null && d.onTimeRate >= 0.9 ? 'stat-green' : undefined}
                />
              </Card>
            </Col>
            <Col xs={12} sm={8} lg={4}>
              <Card size="small">
                <Statistic title={t('dashboard.overdue')} value={d.overdue} className={d.overdue > 0 ? 'stat-red' : undefined} />
              </Card>
            </Col>
            <Col xs={12} sm={8} lg={4}>
              <Card size="small">
                <Statistic title={t('dashboard.escalated')} value={escalated ?? t('dashboard.unavailable')} className={escalated ? 'stat-red' : undefined} />
              </Card>
            </Col>
            <Col xs={12} sm={8} lg={4}>
              <Card size="small">
                <div style={{ color: 'rgba(0,0,0,.45)', fontSize: 14, marginBottom: 4 }}>{t('dashboard.legend')}</div>
                <div style={{ display: 'flex', gap: 6 }}>
                  {(['red', 'yellow', 'green'] as Colour[]).map((c) => (
                    <span
                      key={c}
                      className={`board-cell ${c}`}
                      style={{ flex: 1, height: 32, fontSize: 16, margin: 0 }}
                      data-testid={`count-${c}`}
                      title={t(`colour.${c}`)}
                      aria-label={`${t(`colour.${c}`)} ${d.itemsByColour[c]}`}
                    >
                      {d.itemsByColour[c]}
                    </span>
                  ))}
                </div>
              </Card>
            </Col>
          </Row>

          <Card size="small" title={t('dashboard.board')}>
            <Table<UnitRow>
              size="small"
              rowKey="unitId"
              pagination={false}
              loading={items.loading && !items.data}
              dataSource={units}
              scroll={{ x: 640 }}
              columns={[
                { title: t('dashboard.unit'), dataIndex: 'unitName', width: 180, fixed: 'left' },
                {
                  title: t('dashboard.items'),
                  render: (_, row) => (
                    <div>
                      {row.items.map((item) => (
                        <Tooltip key={item.id} title={`${item.code} ${item.title}${item.statusReason ? ` — ${item.statusReason}` : ''}`}>
                          <Link
                            to={`/items/${item.id}`}
                            className={`board-cell ${item.state === 'closed' ? 'closed' : item.statusColour}`}
                            data-testid={`board-${item.code}`}
                            data-colour={item.statusColour}
                            data-state={item.state}
                            aria-label={`${item.code} ${item.title}：${item.state === 'closed' ? t('item.stateClosed') : t(`colour.${item.statusColour}`)}`}
                          >
                            {item.code}
                          </Link>
                        </Tooltip>
                      ))}
                    </div>
                  ),
                },
                {
                  title: t('colour.red'),
                  width: 84,
                  align: 'right',
                  render: (_, row) => (
                    <span className="num" style={{ color: row.counts.red ? 'var(--duban-red)' : undefined }}>
                      {row.counts.red}
                    </span>
                  ),
                },
                { title: t('colour.yellow'), width: 84, align: 'right', render: (_, row) => <span className="num">{row.counts.yellow}</span> },
                { title: t('colour.green'), width: 84, align: 'right', render: (_, row) => <span className="num">{row.counts.green}</span> },
                {
                  title: t('dashboard.onTimeRate'),
                  width: 110,
                  align: 'right',
                  render: (_, row) => <span className="num">{percent(perUnit.get(row.unitId))}</span>,
                },
              ]}
            />
          </Card>

          <Row gutter={[12, 12]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('dashboard.trend')}>
                {d.trend.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                ) : (
                  <Chart
                    label={t('dashboard.trend')}
                    height={260}
                    option={{
                      tooltip: { trigger: 'axis' },
                      legend: { top: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
                      grid: { left: 40, right: 48, top: narrow ? 56 : 36, bottom: 28 },
                      xAxis: { type: 'category', data: d.trend.map((p) => p.periodKey) },
                      yAxis: [
                        { type: 'value', minInterval: 1 },
                        { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
                      ],
                      series: [
                        { name: t('dashboard.due'), type: 'bar', data: d.trend.map((p) => p.due), itemStyle: { color: '#8fa8c8' } },
                        { name: t('dashboard.submitted'), type: 'bar', data: d.trend.map((p) => p.submitted), itemStyle: { color: '#1f4e8c' } },
                        { name: t('dashboard.approved'), type: 'bar', data: d.trend.map((p) => p.approved), itemStyle: { color: '#237804' } },
                        { name: t('dashboard.overdue'), type: 'bar', data: d.trend.map((p) => p.overdue), itemStyle: { color: '#c4161c' } },
                        {
                          name: t('dashboard.onTimeRate'),
                          type: 'line',
                          yAxisIndex: 1,
                          data: d.trend.map((p) => (p.onTimeRate === null ? null : Math.round(p.onTimeRate * 1000) / 10)),
                          itemStyle: { color: '#9a5b00' },
                        },
                      ],
                    }}
                  />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('dashboard.byUnit')}>
                {units.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                ) : (
                  <Chart
                    label={t('dashboard.byUnit')}
                    height={Math.max(160, units.length * 32 + 60)}
                    option={{
                      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
                      grid: { left: narrow ? 100 : 140, right: 48, top: 16, bottom: 24 },
                      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
                      yAxis: { type: 'category', data: units.map((u) => u.unitName), inverse: true },
                      series: [
                        {
                          type: 'bar',
                          barMaxWidth: 18,
                          data: units.map((u) => {
                            const r = perUnit.get(u.unitId);
                            const v = r === null || r === undefined ? null : Math.round(r * 1000) / 10;
                            return { value: v, itemStyle: { color: v === null ? '#bfbfbf' : v >= 90 ? '#237804' : v >= 60 ? '#9a5b00' : '#c4161c' } };
                          }),
                          label: { show: true, position: 'right', formatter: (p) => (p.value === null || p.value === undefined ? '—' : `${String(p.value)}%`) },
                        },
                      ],
                    }}
                  />
                )}
              </Card>
            </Col>
          </Row>

          <Card size="small" title={t('dashboard.indicators')}>
            {indicators.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Chart
                label={t('dashboard.indicators')}
                height={Math.max(200, indicators.length * 30 + 60)}
                onClick={({ dataIndex }) => navigate(`/items/${indicators[dataIndex].itemId}`)}
                option={{
                  tooltip: {
                    trigger: 'axis',
                    formatter: (raw) => {
                      const p = (Array.isArray(raw) ? raw[0] : raw) as { dataIndex: number };
                      const i = indicators[p.dataIndex];
                      const year = i.year ? `（${i.year}）` : '';
                      const latest = i.latestValue !== null ? ` ${i.unit}（${i.latestPeriodKey}）` : '';
                      return chartHtml`${i.itemCode} ${i.indicator}${year}<br/>${t('dashboard.goal')}：${i.goal ?? '—'} ${i.unit}<br/>${t('dashboard.latest')}：${i.latestValue ?? t('dashboard.noValue')}${latest}<br/>${t('dashboard.progress')}：${percent(i.progress)}`;
                    },
                  },
                  grid: { left: narrow ? 130 : 220, right: narrow ? 96 : 150, top: 8, bottom: 24 },
                  xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
                  yAxis: {
                    type: 'category',
                    inverse: true,
                    data: indicators.map((i) => `${i.itemCode} ${i.indicator}${i.year ? ` ${i.year}` : ''}`),
                    axisLabel: { width: narrow ? 120 : 200, overflow: 'truncate' },
                  },
                  series: [
                    {
                      type: 'bar',
                      barMaxWidth: 16,
                      data: indicators.map((i) => ({
                        value: i.progress === null ? 0 : Math.min(100, Math.round(i.progress * 1000) / 10),
                        itemStyle: { color: i.progress === null ? '#d9d9d9' : i.progress >= 1 ? '#237804' : '#1f4e8c' },
                      })),
                      label: {
                        show: true,
                        position: 'right',
                        formatter: (p) => {
                          const i = indicators[p.dataIndex];
                          return i.latestValue === null
                            ? `— / ${i.goal ?? '—'}${i.unit}`
                            : `${i.latestValue} / ${i.goal ?? '—'}${i.unit}  ${percent(i.progress)}`;
                        },
                      },
                    },
                  ],
                }}
              />
            )}
          </Card>
        </Space>
      )}
    </>
  );
}

interface BulletinLines {
  lines: Array<{ unitId: string; onTime: boolean; overdue: boolean; submittedOn: string | null }>;
}

/** On-time rate of each lead unit within this plan, summed over the periods' bulletins (reports due: submitted or overdue). */
function useUnitRates(planId: string | null, periodKeys: string): Map<string, number | null> {
  const [map, setMap] = useState(new Map<string, number | null>());
  useEffect(() => {
    if (!planId || !periodKeys) return;
    let alive = true;
    Promise.all(
      periodKeys.split(',').map((key) => get<BulletinLines>(`/bulletins/plans/${planId}/periods/${key}`).catch(() => ({ lines: [] }) as BulletinLines)),
    )
      .then((bulletins) => {
        const tally = new Map<string, { due: number; onTime: number }>();
        for (const line of bulletins.flatMap((b) => b.lines ?? [])) {
          const t = tally.get(line.unitId) ?? { due: 0, onTime: 0 };
          if (line.submittedOn || line.overdue) t.due += 1;
          if (line.onTime) t.onTime += 1;
          tally.set(line.unitId, t);
        }
        if (alive) setMap(new Map([...tally].map(([id, t]) => [id, t.due ? t.onTime / t.due : null])));
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [planId, periodKeys]);
  return map;
}
