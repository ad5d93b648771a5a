import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Card, Col, Empty, Input, List, Modal, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, get, post } from '../api';
import { LoadError, PageTitle, percent } from '../components/common';
import { downloadFile } from '../download';
import { formatTime, useApi } from '../hooks';
import type { Bulletin, Dashboard, Escalation, Item, Notification, PendingRequest, Plan } from '../types';
import { periodLabel } from './BulletinPage';

interface EscalationRow extends Escalation {
  item?: Item;
  notice?: Notification;
}

/** The leader in charge: escalations sent to me (acknowledge), the red list, and the latest bulletin. */
export default function LeaderPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const plans = useApi<Plan[]>('/plans');
  const active = (plans.data ?? []).filter((p) => p.status === 'active');
  // The plan shown, in the address (?plan=) so that a link — or the way back from a bulletin — opens the same one.
  const [search, setSearch] = useSearchParams();
  const chosenPlan = search.get('plan') ?? undefined;
  const plan = active.find((p) => p.id === chosenPlan) ?? active[0];
  const items = useAllItems(active.map((p) => p.id).join(','));
  const dashboard = useApi<Dashboard>(plan ? `/dashboard/plans/${plan.id}` : null);
  const inbox = useApi<{ rows: Notification[] }>('/inbox?limit=200');
  const requests = useApi<PendingRequest[]>('/requests/pending');
  const toSignOff = (requests.data ?? []).filter((r) => r.waitingFor === 'leader');
  const [escalations, setEscalations] = useState<EscalationRow[]>();
  const [escalationError, setEscalationError] = useState<string>();
  const [tick, setTick] = useState(0);
  const [acking, setAcking] = useState<EscalationRow | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);

  const red = useMemo(() => (items.data ?? []).filter((i) => i.statusColour === 'red'), [items.data]);
  const planCode = (id: string) => active.find((p) => p.id === id)?.code ?? '';
  const notices = useMemo(() => (inbox.data?.rows ?? []).filter((n) => n.kind.startsWith('escalation.') && n.itemId), [inbox.data]);
  const itemIds = useMemo(() => [...new Set([...notices.map((n) => n.itemId as string), ...red.map((i) => i.id)])].sort().join(','), [notices, red]);

  // The escalations of the items my escalation notices name, asked for as soon as the inbox is in rather than once
  // the item lists are too; the effect below takes them (and asks for the red items' own).
  const asked = useRef(new Map<string, Promise<Escalation[]>>());
  useEffect(() => {
    for (const id of new Set(notices.map((n) => n.itemId as string))) {
      if (asked.current.has(id)) continue;
      const answer = get<Escalation[]>(`/items/${id}/escalations`);
      answer.catch(() => undefined);
      asked.current.set(id, answer);
    }
  }, [notices]);

  useEffect(() => {
    // Wait for the plans too: without them there is no telling yet which items are red.
    if (!inbox.data || (!plans.data && !plans.error) || (plan && !items.data)) return;
    if (!itemIds) {
      setEscalations([]);
      return;
    }
    let alive = true;
    Promise.all(
      itemIds.split(',').map(async (id) => {
        const known = items.data?.find((i) => i.id === id);
        const early = asked.current.get(id);
        asked.current.delete(id);
        const [list, item] = await Promise.all([
          early ?? get<Escalation[]>(`/items/${id}/escalations`),
          known ? Promise.resolve(known) : get<Item>(`/items/${id}`),
        ]);
        return list.map((e) => ({ ...e, item, notice: notices.find((n) => n.itemId === id && n.periodKey === e.periodKey) }));
      }),
    )
      .then((lists) => {
        if (!alive) return;
        setEscalations(
          lists
            .flat()
            .filter((e) => e.status !== 'resolved')
            .sort((a, b) => b.level - a.level || a.dueOn.localeCompare(b.dueOn)),
        );
        setEscalationError(undefined);
      })
      .catch((err: unknown) => alive && setEscalationError(err instanceof ApiError && err.status === 404 ? t('leader.notAvailable') : String(err)));
    return () => {
      alive = false;
    };
  }, [itemIds, inbox.data, items.data, notices, plan, plans.data, plans.error, t, tick]);

  // The latest period by default; any period of the plan's trend on request (kept per plan: another plan has its own).
  const [chosenPeriod, setChosenPeriod] = useState<{ planId: string; periodKey: string }>();
  const periodKeys = (dashboard.data?.trend ?? []).map((p) => p.periodKey);
  const periodKey = (chosenPeriod?.planId === plan?.id ? chosenPeriod?.periodKey : undefined) ?? periodKeys.at(-1);
  const bulletin = useApi<Bulletin>(plan && periodKey ? `/bulletins/plans/${plan.id}/periods/${periodKey}` : null);

  const acknowledge = async () => {
    if (!acking) return;
    setBusy(true);
    try {
      await post(`/escalations/${acking.id}/acknowledge`, comment.trim() ? { comment: comment.trim() } : {});
      message.success(t('leader.acknowledged'));
      setAcking(null);
      setTick((n) => n + 1);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const downloadBulletin = async () => {
    if (!plan || !periodKey) return;
    try {
      const name = await downloadFile(`/bulletins/plans/${plan.id}/periods/${periodKey}?format=xlsx`, `bulletin-${periodKey}.xlsx`);
      message.success(t('bulletin.downloaded', { name }));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  return (
    <>
      <PageTitle
        title={t('leader.title')}
        extra={
          active.length > 1 ? (
            <Select
              aria-label={t('dashboard.plan')}
              value={plan?.id}
              style={{ minWidth: 280, maxWidth: '100%' }}
              options={active.map((p) => ({ value: p.id, label: `${p.title}（${p.code}）` }))}
              onChange={(v: string) => setSearch({ plan: v }, { replace: true })}
            />
          ) : (
            plan && <Typography.Text type="secondary">{plan.title}</Typography.Text>
          )
        }
      />
      <LoadError error={plans.error ?? items.error} />
      {toSignOff.length > 0 && (
        <Card size="small" title={`${t('requests.waitingFor.leader')}（${toSignOff.length}）`} style={{ marginBottom: 12 }} data-testid="closures-to-sign-off">
          <List
            size="small"
            dataSource={toSignOff}
            renderItem={(r) => (
              <List.Item
                data-testid={`sign-off-${r.itemCode}`}
                actions={[
                  <Link key="open" to={`/items/${r.itemId}#requests`} aria-label={`${t('requests.handle')} ${r.itemCode}`}>
                    {t('requests.handle')}
                  </Link>,
                ]}
              >
                <Space size={6} wrap style={{ minWidth: 0 }}>
                  <Tag color="blue">{t('requests.closure')}</Tag>
                  <Link to={`/items/${r.itemId}`} className="num">
                    {r.itemCode}
                  </Link>
                  <span>{r.itemTitle}</span>
                  <Typography.Text type="secondary" className="num" style={{ fontSize: 12 }}>
                    {r.unitName}
                    {r.signOffBy && ` · ${t('requests.signOffBy', { date: r.signOffBy })}`}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('leader.escalations')}>
            {escalationError && <Typography.Paragraph type="warning">{escalationError}</Typography.Paragraph>}
            {!escalations && !escalationError ? (
              <Skeleton active />
            ) : (escalations ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('leader.noEscalations')} />
            ) : (
              <List
                dataSource={escalations}
                renderItem={(e) => (
                  <List.Item
                    data-testid={`escalation-${e.item?.code ?? e.itemId}`}
                    data-item-id={e.itemId}
                    actions={[
                      e.status === 'acknowledged' ? (
                        <Tag color="green" icon={<CheckCircleOutlined />} key="done">
                          {t('leader.acknowledged')}
                        </Tag>
                      ) : (
                        <Button
                          key="ack"
                          type="primary"
                          size="small"
                          onClick={() => {
                            setComment('');
                            setAcking(e);
                          }}
                          data-testid="acknowledge"
                        >
                          {t('leader.acknowledge')}
                        </Button>
                      ),
                    ]}
                  >
                    <List.Item.Meta
                      title={
                        <Space size={6} wrap>
                          <Tag color="red">{t('leader.level', { n: e.level + 1 })}</Tag>
                          <Link to={`/items/${e.itemId}`}>
                            <span className="num">{e.item?.code}</span> {e.item?.title}
                          </Link>
                        </Space>
                      }
                      description={
                        <span className="num" style={{ fontSize: 12 }}>
                          {e.periodKey} · {t('leader.due')} {e.dueOn} ·{' '}
                          {(e.item?.units ?? [])
                            .filter((u) => u.role === 'lead')
                            .map((u) => u.unit.name)
                            .join('、')}
                          {e.notice && (
                            <>
                              {' '}
                              · {formatTime(e.notice.createdAt)} {e.notice.subject}
                            </>
                          )}
                        </span>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card size="small" title={`${t('leader.redList')}（${red.length}）`} style={{ marginTop: 12 }}>
            <Table<Item>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={red}
              locale={{ emptyText: t('leader.noRed') }}
              columns={[
                {
                  title: t('queue.item'),
                  width: 150,
                  render: (_, i) => (
                    <Link to={`/items/${i.id}`} className="num">
                      {planCode(i.planId)} · {i.code}
                    </Link>
                  ),
                },
                { title: t('import.title_'), dataIndex: 'title', ellipsis: true },
                {
                  title: t('item.lead'),
                  width: 150,
                  render: (_, i) =>
                    (i.units ?? [])
                      .filter((u) => u.role === 'lead')
                      .map((u) => u.unit.name)
                      .join('、'),
                },
                {
                  title: t('item.status'),
                  width: 200,
                  render: (_, i) => (
                    <Typography.Text type="danger" style={{ fontSize: 12 }}>
                      {i.statusReason}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            size="small"
            data-testid="leader-bulletin"
            data-period={bulletin.data?.periodKey}
            title={t('leader.bulletin')}
            extra={
              plan &&
              periodKey && (
                <Space size={4} wrap>
                  <Select
                    size="small"
                    aria-label={t('bulletin.period')}
                    data-testid="leader-bulletin-period"
                    value={periodKey}
                    style={{ minWidth: 150 }}
                    options={[...periodKeys].reverse().map((key) => ({ value: key, label: periodLabel(t, key) }))}
                    onChange={(key: string) => setChosenPeriod({ planId: plan.id, periodKey: key })}
                  />
                  <Link to={`/bulletins/${plan.id}/${periodKey}`} data-testid="open-bulletin">
                    <FileTextOutlined /> {t('bulletin.printView')}
                  </Link>
                  <Button size="small" type="link" icon={<DownloadOutlined />} onClick={() => void downloadBulletin()} aria-label={t('bulletin.download')}>
                    xlsx
                  </Button>
                </Space>
              )
            }
          >
            {!bulletin.data ? (
              bulletin.error ? (
                <Typography.Text type="secondary">{bulletin.error.message}</Typography.Text>
              ) : periodKey || !plan ? (
                <Skeleton active />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
              )
            ) : (
              <>
                <Row gutter={8} style={{ marginBottom: 12 }}>
                  <Col span={6}>
                    <Statistic title={t('leader.due')} value={bulletin.data.due} />
                  </Col>
                  <Col span={6}>
                    <Statistic title={t('leader.onTime')} value={bulletin.data.onTime} />
                  </Col>
                  <Col span={6}>
                    <Statistic title={t('leader.late')} value={bulletin.data.late} className={bulletin.data.late ? 'stat-red' : undefined} />
                  </Col>
                  <Col span={6}>
                    <Statistic title={t('leader.rate')} value={percent(bulletin.data.onTimeRate)} />
                  </Col>
                </Row>
                <List
                  size="small"
                  header={
                    <strong>
                      {t('leader.reason.escalation')} / {t('leader.reason.overdue')}
                    </strong>
                  }
                  dataSource={bulletin.data.escalatedItems}
                  locale={{ emptyText: t('common.none') }}
                  renderItem={(e) => (
                    <List.Item>
                      <Space size={6} wrap>
                        <Tag color={e.reason === 'late' ? 'orange' : 'red'}>{t(`leader.reason.${e.reason}`)}</Tag>
                        <Link to={`/items/${e.itemId}`} className="num">
                          {e.itemCode}
                        </Link>
                        <span>{e.itemTitle}</span>
                        <Typography.Text type="secondary">{e.unitName}</Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              </>
            )}
          </Card>
        </Col>
      </Row>
      <Modal
        open={!!acking}
        title={acking ? `${t('leader.acknowledge')}：${acking.item?.code ?? ''} ${acking.periodKey}` : ''}
        okText={t('leader.acknowledge')}
        okButtonProps={{ loading: busy, id: 'confirm-acknowledge' }}
        onOk={() => void acknowledge()}
        onCancel={() => setAcking(null)}
        destroyOnHidden
      >
        <label htmlFor="ack-comment" style={{ display: 'block', marginBottom: 6 }}>
          {t('leader.ackComment')}
        </label>
        <Input.TextArea id="ack-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={5000} />
      </Modal>
    </>
  );
}

/** Items of every active plan: the red list covers them all. */
function useAllItems(planIds: string): { data: Item[] | undefined; error: Error | undefined } {
  // Kept with the plans they are the items of: the items of no plan (plans not loaded yet) are not those of the plans.
  const [loaded, setLoaded] = useState<{ planIds: string; items: Item[] }>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    if (!planIds) {
      setLoaded({ planIds, items: [] });
      return;
    }
    let alive = true;
    Promise.all(planIds.split(',').map((id) => get<Item[]>(`/plans/${id}/items`)))
      .then((lists) => alive && setLoaded({ planIds, items: lists.flat() }))
      .catch((err: unknown) => alive && setError(err instanceof Error ? err : new Error(String(err))));
    return () => {
      alive = false;
    };
  }, [planIds]);
  return { data: loaded?.planIds === planIds ? loaded.items : undefined, error };
}
