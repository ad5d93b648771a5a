import { useMemo, useState } from 'react';
import { Button, Card, Col, Descriptions, Empty, Progress, Row, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useAuth } from '../auth';
import { ColourTag, LoadError, PageTitle, percent } from '../components/common';
import { ClosureRequestButton, ExtensionRequestButton, ItemRequests } from '../components/ItemRequests';
import { ReportView } from '../components/ReportView';
import { formatTime, useApi } from '../hooks';
import type { AuditEvent, ClosureRequest, ExtensionRequest, IndicatorProgress, Item, ItemNotification, Period } from '../types';

const SUPERVISOR_ACTIONS = /^(report\.(approved|returned|claimed|released)|extension\.(approved|rejected)|closure\.(approved|rejected)|item\.|plan\.)/;
const REPORTER_ACTIONS = /^(report\.submitted|contribution\.|extension\.requested|closure\.requested)/;

function tone(action: string): string {
  if (/returned|red|rejected|urge|leader|notice/.test(action)) return 'red';
  if (/yellow|reminder|pre-due|extension\.requested|closure\.requested/.test(action)) return 'orange';
  if (/approved|acknowledged|resolved|signed-off|closure\.closed/.test(action)) return 'green';
  if (/submitted|contribution/.test(action)) return 'blue';
  return 'gray';
}

/** One entry of the timeline: a recorded step (audit trail), or one message sent to one or more people (a reminder, an urge…). */
type Entry =
  | { type: 'audit'; at: string; event: AuditEvent }
  | { type: 'sent'; at: string; step: string; kind: string; periodKey: string | null; sent: ItemNotification[] };

/** Notifications of one step (one reminder to a unit's three reporters) are one entry. */
function sentEntries(notifications: ItemNotification[]): Entry[] {
  const bySteps = new Map<string, ItemNotification[]>();
  for (const n of notifications) bySteps.set(n.step, [...(bySteps.get(n.step) ?? []), n]);
  return [...bySteps.entries()].map(([step, sent]) => ({
    type: 'sent',
    step,
    kind: sent[0].kind,
    periodKey: sent[0].periodKey,
    sent,
    at: sent.map((n) => n.createdAt).sort()[0],
  }));
}

const DELIVERY_COLOUR = { delivered: 'green', failed: 'red', pending: 'default', sending: 'blue' } as const;

/** One item: its text, units, targets and progress, periods, and the timeline of everything that happened to it. */
export default function ItemPage() {
  const { itemId } = useParams();
  const { t } = useTranslation();
  const { person, is } = useAuth();
  const item = useApi<Item>(`/items/${itemId ?? ''}`);
  const periods = useApi<Period[]>(`/items/${itemId ?? ''}/periods`);
  const mayReadAudit = is('supervisor', 'leader');
  const audit = useApi<AuditEvent[]>(mayReadAudit ? `/items/${itemId ?? ''}/audit` : null);
  const notifications = useApi<ItemNotification[]>(`/items/${itemId ?? ''}/notifications`);
  const extensions = useApi<ExtensionRequest[]>(`/items/${itemId ?? ''}/extensions`);
  const closures = useApi<ClosureRequest[]>(`/items/${itemId ?? ''}/closures`);
  // The item's own approved progress: every role that may read the item sees the figures the plan's dashboard shows.
  const progress = useApi<IndicatorProgress[]>(`/items/${itemId ?? ''}/progress`);
  const [openReport, setOpenReport] = useState<string | null>(null);

  /** Who took a step, as a sentence reads it: "市发展改革委 填报人 张某" (unit, role, name) when the person is known. */
  const whoDid = (e: AuditEvent) =>
    e.actorName ? [e.actorUnitName, e.actorRole && t(`role.${e.actorRole}`), e.actorName].filter(Boolean).join(' ') : who(e.actor, e.action);
  const who = (actor: string, action: string) => {
    if (actor === 'system') return t('item.system');
    if (actor === person?.id) return `${person.username}（${t(`role.${person.role}`)}）`;
    if (action.startsWith('escalation.acknowledged')) return t('role.leader');
    if (SUPERVISOR_ACTIONS.test(action)) return t('role.supervisor');
    if (REPORTER_ACTIONS.test(action)) return t('role.reporter');
    return actor.slice(0, 8);
  };

  const entries = useMemo<Entry[]>(() => {
    const recorded: Entry[] = (audit.data ?? []).map((event) => ({ type: 'audit', at: event.at, event }));
    return [...recorded, ...sentEntries(notifications.data ?? [])].sort((a, b) => b.at.localeCompare(a.at));
  }, [audit.data, notifications.data]);

  const changed = () => {
    item.reload();
    periods.reload();
    extensions.reload();
    closures.reload();
    notifications.reload();
    if (mayReadAudit) audit.reload();
  };

  const i = item.data;
  if (!i) return item.error ? <LoadError error={item.error} retry={item.reload} /> : <Skeleton active />;
  const lead = (i.units ?? []).filter((u) => u.role === 'lead');
  const co = (i.units ?? []).filter((u) => u.role === 'co');
  const progressOf = (indicator: string, year: number | null) => progress.data?.find((x) => x.indicator === indicator && x.year === year);
  const myLead = !!person?.unitId && lead.some((u) => u.unitId === person.unitId);
  const openPeriod = (periods.data ?? []).find((p) => p.state === 'open' || p.state === 'returned');
  // The period an extension is for: the one waiting for its report, else the next one scheduled.
  const currentPeriod = openPeriod ?? [...(periods.data ?? [])].reverse().find((p) => p.state === 'upcoming');
  const closureInProgress = (closures.data ?? []).some((c) => c.status === 'requested' || c.status === 'approved');
  const mayRequest = myLead && is('reporter', 'unit-head') && i.state === 'supervised';

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
          <Space size={4} wrap>
            {/* A closed item (办结) is done: its last colour would say on track or overdue about work no longer owed. */}
            {i.state !== 'closed' && <ColourTag colour={i.statusColour} />}
            {i.keyItem && <Tag color="red">{t('item.keyItem')}</Tag>}
            <Tag>{t(`item.section.${i.section}`)}</Tag>
            {i.state === 'closed' && (
              <Tag color="green" data-testid="item-closed">
                {t('item.stateClosed')}
              </Tag>
            )}
            {myLead && is('reporter', 'unit-head') && openPeriod && (
              <Link to={`/my/${i.id}/${openPeriod.key}`}>
                <Button type="primary" size="small">
                  {t('item.report')}
                </Button>
              </Link>
            )}
            {person?.unitId && is('reporter', 'unit-head') && (
              <Link to={`/history?item=${i.id}`} data-testid="item-history">
                {t('history.link')}
              </Link>
            )}
            {mayRequest && currentPeriod && <ExtensionRequestButton itemId={i.id} periodKey={currentPeriod.key} dueOn={currentPeriod.dueOn} onDone={changed} />}
            {mayRequest && !closureInProgress && <ClosureRequestButton itemId={i.id} onDone={changed} />}
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
                onRow={(p) => ({ 'data-testid': `period-${p.key}` }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { title: t('queue.period'), dataIndex: 'key', render: (v: string) => <span className="num">{v}</span> },
                  { title: t('item.opens'), dataIndex: 'opensOn', render: (v: string) => <span className="num">{v}</span> },
                  {
                    title: t('item.due'),
                    dataIndex: 'dueOn',
                    render: (v: string, p) => (
                      <span className="num" data-testid={`due-${p.key}`}>
                        {v}
                      </span>
                    ),
                  },
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
            {(extensions.data?.length || closures.data?.length || mayRequest) && (
              <ItemRequests extensions={extensions.data ?? []} closures={closures.data ?? []} onChanged={changed} />
            )}
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('item.timeline')}>
            <LoadError error={audit.error ?? notifications.error} retry={changed} />
            {!mayReadAudit && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('item.noTimelineForRole')}
              </Typography.Paragraph>
            )}
            {entries.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('item.noTimeline')} />
            ) : (
              <Timeline
                data-testid="timeline"
                items={entries.map((entry) =>
                  entry.type === 'sent'
                    ? { key: entry.step, color: tone(entry.kind), content: <SentEntry entry={entry} /> }
                    : {
                        key: entry.event.id,
                        color: tone(entry.event.action),
                        content: (
                          <div data-action={entry.event.action}>
                            <div data-testid="timeline-sentence">
                              <span>{whoDid(entry.event)} </span>
                              <strong>{t(`action.${entry.event.action}`, { defaultValue: t('item.otherStep') })}</strong>{' '}
                              <span style={{ color: '#666', marginInlineStart: 8, fontSize: 12 }} className="num">
                                {formatTime(entry.event.at)}
                              </span>
                            </div>
                            {detail(entry.event) && <div style={{ fontSize: 13, color: '#434343', whiteSpace: 'pre-wrap' }}>{detail(entry.event)}</div>}
                            {entry.event.entity === 'report' && entry.event.action === 'report.submitted' && (
                              <Button
                                type="link"
                                size="small"
                                style={{ padding: 0 }}
                                onClick={() => setOpenReport(openReport === entry.event.entityId ? null : entry.event.entityId)}
                              >
                                {t('item.view')}
                              </Button>
                            )}
                            {openReport === entry.event.entityId && entry.event.action === 'report.submitted' && (
                              <ReportView reportId={entry.event.entityId} targets={i.targets} units={i.units} />
                            )}
                          </div>
                        ),
                      },
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** A message sent about the item: what, when, to whom (and whether they read it), and how each outside channel fared. */
function SentEntry({ entry }: { entry: Extract<Entry, { type: 'sent' }> }) {
  const { t } = useTranslation();
  const deliveries = entry.sent.flatMap((n) => n.deliveries);
  return (
    <div data-kind={entry.kind} data-testid="sent-notification" data-period={entry.periodKey ?? undefined}>
      <div>
        <strong>{t(`action.${entry.kind}`, { defaultValue: entry.kind })}</strong>
        <span style={{ color: '#666', marginInlineStart: 8, fontSize: 12 }} className="num">
          {formatTime(entry.at)} · {t('item.system')}
        </span>
      </div>
      <div style={{ fontSize: 13, color: '#434343' }}>
        {entry.periodKey && <span className="num">{entry.periodKey} · </span>}
        {t('item.sentTo')}
        {entry.sent.map((n, index) => (
          <span key={n.id} data-testid="recipient">
            {index > 0 && '、'}
            {n.recipient ? n.recipient.displayName : '—'}
            {n.readAt && <span style={{ color: '#237804' }}>（{t('item.read')}）</span>}
          </span>
        ))}
      </div>
      <div style={{ fontSize: 12, color: '#555' }}>{entry.sent[0].subject}</div>
      {deliveries.length > 0 && (
        <Space size={4} wrap style={{ marginTop: 2 }}>
          {deliveries.map((d, index) => (
            <Tag key={index} color={DELIVERY_COLOUR[d.status]} title={d.lastError ?? d.target ?? undefined} style={{ fontSize: 12 }}>
              {t(`item.channel.${d.channel}`)}
              {d.unitName ? `（${d.unitName}）` : ''} {t(`item.delivery.${d.status}`)}
              {d.attempts > 1 ? ` · ${t('item.attempts', { n: d.attempts })}` : ''}
            </Tag>
          ))}
        </Space>
      )}
    </div>
  );
}
