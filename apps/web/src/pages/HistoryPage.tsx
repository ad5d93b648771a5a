import { useMemo, useState } from 'react';
import { Button, Card, Empty, Input, Modal, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { LoadError, PageTitle } from '../components/common';
import { ReportView } from '../components/ReportView';
import { formatTime, useApi } from '../hooks';
import type { SentReport, UnitHistoryRow } from '../types';

const PERIOD_COLOUR = { approved: 'green', returned: 'red', submitted: 'blue', open: 'orange', upcoming: 'default', closed: 'default' } as const;
const REPORT_COLOUR = { approved: 'green', returned: 'red', pending: 'blue' } as const;

/** A reporter's (or unit head's) look back: every period of every item of the unit, and every report it sent, read-only. */
export default function HistoryPage() {
  const { t } = useTranslation();
  const history = useApi<UnitHistoryRow[]>('/me/history');
  const [search, setSearch] = useSearchParams();
  const onlyItem = search.get('item');
  const [query, setQuery] = useState(search.get('q') ?? '');
  const [open, setOpen] = useState<{ row: UnitHistoryRow; report: SentReport } | null>(null);

  const plans = useMemo(() => {
    const words = query.trim().toLowerCase();
    const rows = (history.data ?? []).filter(
      (r) =>
        (!onlyItem || r.itemId === onlyItem) &&
        (!words || [r.itemCode, r.itemTitle, r.planTitle, r.planCode].some((text) => text.toLowerCase().includes(words))),
    );
    const byPlan = new Map<string, { planId: string; planTitle: string; planCode: string; rows: UnitHistoryRow[] }>();
    for (const r of rows) {
      const plan = byPlan.get(r.planId) ?? { planId: r.planId, planTitle: r.planTitle, planCode: r.planCode, rows: [] };
      plan.rows.push(r);
      byPlan.set(r.planId, plan);
    }
    return [...byPlan.values()];
  }, [history.data, onlyItem, query]);

  const reportsOf = (row: UnitHistoryRow) =>
    row.reports.length === 0 ? (
      <Typography.Text type="secondary">{t('history.none')}</Typography.Text>
    ) : (
      <Space orientation="vertical" size={2}>
        {row.reports.map((report) => (
          <div key={report.id} data-testid={`sent-${row.itemCode}-${row.periodKey}-${report.attempt}`} data-status={report.status}>
            <Space size={4} wrap>
              <Tag color={REPORT_COLOUR[report.status]}>{t(`reportStatus.${report.status}`)}</Tag>
              <span className="num" style={{ fontSize: 12 }}>
                {t('queue.attempt', { n: report.attempt })} · {formatTime(report.submittedAt)}
              </span>
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen({ row, report })} data-testid="open-sent-report">
                {t('history.view')}
              </Button>
            </Space>
            {report.status === 'returned' && report.reviewComment && (
              <div style={{ fontSize: 12, color: '#a8071a' }} data-testid="returned-reason">
                {t('history.returnedBecause', { comment: report.reviewComment })}
                {report.resubmitDueOn && ` · ${t('history.resubmitBy', { date: report.resubmitDueOn })}`}
              </div>
            )}
          </div>
        ))}
      </Space>
    );

  return (
    <>
      <PageTitle
        title={t('history.title')}
        extra={
          <Input.Search
            allowClear
            aria-label={t('history.search')}
            placeholder={t('history.search')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onSearch={(value) =>
              setSearch(value ? { ...(onlyItem ? { item: onlyItem } : {}), q: value } : onlyItem ? { item: onlyItem } : {}, { replace: true })
            }
            style={{ maxWidth: 320 }}
            data-testid="history-search"
          />
        }
      />
      <Typography.Paragraph type="secondary">{t('history.hint')}</Typography.Paragraph>
      <LoadError error={history.error} retry={history.reload} />
      {!history.data && !history.error ? (
        <Skeleton active />
      ) : plans.length === 0 ? (
        <Empty description={t('history.empty')} />
      ) : (
        plans.map((plan) => (
          <Card
            key={plan.planId}
            size="small"
            style={{ marginBottom: 12 }}
            data-testid={`history-plan-${plan.planCode}`}
            title={
              <span style={{ whiteSpace: 'normal' }}>
                {plan.planTitle}{' '}
                <Typography.Text type="secondary" className="num" style={{ fontSize: 12, fontWeight: 400 }}>
                  {plan.planCode}
                </Typography.Text>
              </span>
            }
          >
            <Table<UnitHistoryRow>
              size="small"
              pagination={false}
              rowKey={(r) => `${r.itemId}:${r.periodKey}`}
              dataSource={plan.rows}
              scroll={{ x: 640 }}
              onRow={(r) => ({ 'data-testid': `history-${r.itemCode}-${r.periodKey}` }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t('history.item'),
                  width: 220,
                  render: (_, r) => (
                    <span>
                      <Link to={`/items/${r.itemId}`} className="num">
                        {r.itemCode}
                      </Link>{' '}
                      {r.itemTitle} <Tag>{t(`unitRole.${r.unitRole}`)}</Tag>
                      {r.itemState === 'closed' && <Tag color="default">{t('history.itemClosed')}</Tag>}
                    </span>
                  ),
                },
                { title: t('history.period'), dataIndex: 'periodKey', width: 90, render: (v: string) => <span className="num">{v}</span> },
                { title: t('history.due'), dataIndex: 'dueOn', width: 110, render: (v: string) => <span className="num">{v}</span> },
                {
                  title: t('history.state'),
                  dataIndex: 'periodState',
                  width: 90,
                  render: (v: UnitHistoryRow['periodState']) => (
                    <Tag color={PERIOD_COLOUR[v]} data-testid="period-state">
                      {t(`periodState.${v}`)}
                    </Tag>
                  ),
                },
                { title: t('history.reports'), render: (_, r) => reportsOf(r) },
              ]}
            />
          </Card>
        ))
      )}
      <Modal
        open={!!open}
        width={760}
        footer={null}
        onCancel={() => setOpen(null)}
        destroyOnHidden
        title={open ? t('history.report', { item: open.row.itemCode, period: open.row.periodKey, n: open.report.attempt }) : ''}
      >
        {open && (
          <>
            {open.report.status !== 'pending' && (
              <Typography.Paragraph type={open.report.status === 'returned' ? 'danger' : 'success'} data-testid="sent-report-outcome">
                {t(`reportStatus.${open.report.status}`)}
                {open.report.reviewedAt && ` · ${t('history.reviewedAt', { at: formatTime(open.report.reviewedAt) })}`}
                {open.report.reviewComment && ` · ${open.report.reviewComment}`}
              </Typography.Paragraph>
            )}
            <ReportView reportId={open.report.id} />
          </>
        )}
      </Modal>
    </>
  );
}
