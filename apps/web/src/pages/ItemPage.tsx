import { useMemo, useState } from 'react';
import { Button, Card, Col, Descriptions, Empty, Progress, Row, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useAuth } from '../auth';
import { ColourTag, LoadError, PageTitle, percent } from '../components/common';
import { ReportView } from '../components/ReportView';
import { formatTime, useApi } from '../hooks';
import type { AuditEvent, Dashboard, Item, Notification, Period } from '../types';

const SUPERVISOR_ACTIONS = /^(report\.(approved|returned|claimed|released)|extension\.(approved|rejected)|closure\.(approved|rejected)|item\.|plan\.)/;
const REPORTER_ACTIONS = /^(report\.submitted|contribution\.|extension\.requested|closure\.requested)/;

function tone(action: string): string {
  if (/returned|red|rejected|urge|leader|notice/.test(action)) return 'red';
  if (/yellow|reminder|pre-due|extension\.requested/.test(action)) return 'orange';
  if (/approved|acknowledged|resolved/.test(action)) return 'green';
  if (/submitted|contribution/.test(action)) return 'blue';
  return 'gray';
}

/** One item: its text, units, targets and progress, periods, and the timeline of everything that happened to it. */
export default function ItemPage() {
  const { itemId } = useParams();
  const { t } = useTranslation();
  const { person, is } = useAuth();
  const item = useApi<Item>(`/items/${itemId ?? ''}`);
  const periods = useApi<Period[]>(`/items/${itemId ?? ''}/periods`);
  const mayReadAudit = is('supervisor', 'leader', 'admin');
  const audit = useApi<AuditEvent[]>(mayReadAudit ? `/items/${itemId ?? ''}/audit` : null);
  const inbox = useApi<{ rows: Notification[] }>(mayReadAudit ? null : '/inbox?limit=200');
  const planDashboard = useApi<Dashboard>(mayReadAudit && item.data ? `/dashboard/plans/${item.data.planId}` : null);
  const [openReport, setOpenReport] = useState<string | null>(null);

  const who = (actor: string, action: string) => {
    if (actor === 'system') return t('item.system');
    if (actor === person?.id) return `${person.username}（${t(`role.${person.role}`)}）`;
    if (action.startsWith('escalation.acknowledged')) return t('role.leader');
    if (SUPERVISOR_ACTIONS.test(action)) return t('role.supervisor');
    if (REPORTER_ACTIONS.test(action)) return t('role.reporter');
    return actor.slice(0, 8);
  };

  const events = useMemo(() => {
    if (mayReadAudit) return [...(audit.data ?? [])].reverse();
    return (inbox.data?.rows ?? [])
      .filter((n) => n.itemId === itemId)
      .map(
        (n) =>
          ({
            id: n.id,
            at: n.createdAt,
            actor: 'system',
            action: n.kind,
            entity: 'notification',
            entityId: n.id,
            before: null,
            after: { subject: n.subject, body: n.body },
          }) as AuditEvent,
      );
  }, [mayReadAudit, audit.data, inbox.data, itemId]);

  const i = item.data;
  if (!i) return item.error ? <LoadError error={item.error} retry={item.reload} /> : <Skeleton active />;
  const lead = (i.units ?? []).filter((u) => u.role === 'lead');
  const co = (i.units ?? []).filter((u) => u.role === 'co');
  const progressOf = (indicator: string, year: number | null) =>
    planDashboard.data?.indicators.find((x) => x.itemId === i.id && x.indicator === indicator && x.year === year);
  const myLead = !!person?.unitId && lead.some((u) => u.unitId === person.unitId);
  const openPeriod = (periods.data ?? []).find((p) => p.state === 'open' || p.state === 'returned');

  const detail = (e: AuditEvent) => {
    const a = e.after ?? {};
    const bits: string[] = [];
    const period = e.entity === 'reporting_period' ? periods.data?.find((p) => p.id === e.entityId) : undefined;
    if (period) bits.push(period.key);
    if (typeof a.comment === 'string' && a.comment) bits.push(`${t('queue.comment')}：${a.comment}`);
    if (typeof a.dueOn === 'string' && e.action.startsWith('period.')) bits.push(`${t('item.due')} ${a.dueOn}`);
    if (typeof a.requestedDueOn === 'string') bits.push(`→ ${a.requestedDueOn}`);
    if (typeof a.reason === 'string' && a.reason) bits.push(a.reason);
    if (typeof a.level === 'number') bits.push(t('leader.level', { n: a.level + 1 }));
    if (typeof a.subject === 'string') bits.push(a.subject);
    if (typeof a.body === 'string') bits.push(a.body);
    return bits.join(' · ');
  };

  return (
    <>
      <PageTitle
        title={
          <span>
            <span className="num" style={{ color: '#1f4e8c', marginInlineEnd: 8 }}>
              {i.code}
            </span>
            {i.title}
          </span>
        }
        extra={
          <Space size={4}>
            <ColourTag colour={i.statusColour} />
            {i.keyItem && <Tag color="red">{t('item.keyItem')}</Tag>}
            <Tag>{t(`item.section.${i.section}`)}</Tag>
            {myLead && is('reporter', 'unit-head') && openPeriod && (
              <Link to={`/my/${i.id}/${openPeriod.key}`}>
                <Button type="primary" size="small">
                  {t('item.report')}
                </Button>
              </Link>
            )}
          </Space>
        }
      />
      {i.statusReason && (
        <Typography.Paragraph type={i.statusColour === 'red' ? 'danger' : i.statusColour === 'yellow' ? 'warning' : 'secondary'}>
          {i.statusReason}
        </Typography.Paragraph>
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small">
              <Descriptions size="small" column={1} styles={{ label: { width: 88 } }}>
                <Descriptions.Item label={t('item.lead')}>{lead.map((u) => u.unit.name).join('、') || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('item.co')}>{co.map((u) => u.unit.name).join('、') || '—'}</Descriptions.Item>
                {i.deadlines.length > 0 && (
                  <Descriptions.Item label={t('item.deadlines')}>
                    {i.deadlines.map((d) => (
                      <div key={d.date + d.text} className="num">
                        {d.date} {d.text}
                      </div>
                    ))}
                  </Descriptions.Item>
                )}
                <Descriptions.Item label={t('item.body')}>
                  <div className="narrative">{i.body}</div>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            {i.targets.length > 0 && (
              <Card size="small" title={t('item.targets')}>
                <Table
                  size="small"
                  pagination={false}
                  rowKey={(r) => `${r.indicator}:${r.year ?? ''}`}
                  dataSource={i.targets}
                  columns={[
                    {
                      title: t('item.targets'),
                      render: (_, r) => (
                        <span>
                          {r.indicator}
                          {r.year ? `（${r.year}）` : ''}
                          <div style={{ fontSize: 12, color: '#666' }}>{r.text}</div>
                        </span>
                      ),
                    },
                    {
                      title: t('dashboard.goal'),
                      align: 'right',
                      width: 120,
                      render: (_, r) => (
                        <span className="num">
                          {r.value ?? r.min ?? r.max ?? '—'} {r.unit}
                        </span>
                      ),
                    },
                    {
                      title: t('dashboard.progress'),
                      width: 200,
                      render: (_, r) => {
                        const p = progressOf(r.indicator, r.year);
                        if (!p || p.progress === null) return <Typography.Text type="secondary">{t('dashboard.noValue')}</Typography.Text>;
                        return (
                          <div>
                            <Progress
                              percent={Math.min(100, Math.round(p.progress * 1000) / 10)}
                              size="small"
                              status={p.progress >= 1 ? 'success' : 'active'}
                              format={() => percent(p.progress)}
                            />
                            <span className="num" style={{ fontSize: 12, color: '#555' }}>
                              {p.latestValue} {p.unit}（{p.latestPeriodKey}）
                            </span>
                          </div>
                        );
                      },
                    },
                  ]}
                />
              </Card>
            )}
            <Card size="small" title={t('item.periods')}>
              <Table<Period>
                size="small"
                rowKey="id"
                pagination={false}
                loading={periods.loading && !periods.data}
                dataSource={periods.data ?? []}
                scroll={{ x: 480 }}
                columns={[
                  { title: t('queue.period'), dataIndex: 'key', render: (v: string) => <span className="num">{v}</span> },
                  { title: t('item.opens'), dataIndex: 'opensOn', render: (v: string) => <span className="num">{v}</span> },
                  { title: t('item.due'), dataIndex: 'dueOn', render: (v: string) => <span className="num">{v}</span> },
                  {
                    title: t('item.status'),
                    dataIndex: 'state',
                    render: (v: Period['state']) => (
                      <Tag color={v === 'approved' ? 'green' : v === 'returned' ? 'red' : v === 'submitted' ? 'blue' : v === 'open' ? 'orange' : 'default'}>
                        {t(`periodState.${v}`)}
                      </Tag>
                    ),
                  },
                  { title: t('item.closed'), dataIndex: 'closedAt', render: (v: string | null) => <span className="num">{formatTime(v)}</span> },
                ]}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('item.timeline')}>
            <LoadError error={audit.error} retry={audit.reload} />
            {!mayReadAudit && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('item.noTimelineForRole')}
              </Typography.Paragraph>
            )}
            {events.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('item.noTimeline')} />
            ) : (
              <Timeline
                data-testid="timeline"
                items={events.map((e) => ({
                  key: e.id,
                  color: tone(e.action),
                  content: (
                    <div data-action={e.action}>
                      <div>
                        <strong>{t(`action.${e.action}`, { defaultValue: e.action })}</strong>
                        <span style={{ color: '#666', marginInlineStart: 8, fontSize: 12 }} className="num">
                          {formatTime(e.at)} · {who(e.actor, e.action)}
                        </span>
                      </div>
                      {detail(e) && <div style={{ fontSize: 13, color: '#434343', whiteSpace: 'pre-wrap' }}>{detail(e)}</div>}
                      {e.entity === 'report' && e.action === 'report.submitted' && (
                        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpenReport(openReport === e.entityId ? null : e.entityId)}>
                          {t('item.view')}
                        </Button>
                      )}
                      {openReport === e.entityId && e.action === 'report.submitted' && <ReportView reportId={e.entityId} targets={i.targets} units={i.units} />}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
