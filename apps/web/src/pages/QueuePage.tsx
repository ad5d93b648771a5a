import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Card, Col, Empty, Input, List, Modal, Row, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { CheckOutlined, RollbackOutlined, LockOutlined, UnlockOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, getPage, post, request, takeAnswered } from '../api';
import { useAuth } from '../auth';
import { ColourTag, LoadError, PageTitle } from '../components/common';
import { AttemptComparison } from '../components/AttemptComparison';
import { ReportView } from '../components/ReportView';
import { formatTime, useApi } from '../hooks';
import type { Item, PendingRequest, Plan, QueueEntry } from '../types';

interface Filters {
  planId?: string;
  status: 'pending' | 'approved' | 'returned';
  colour?: 'green' | 'yellow' | 'red';
  claim?: 'mine' | 'claimed' | 'unclaimed';
  keyItem: boolean;
  q?: string;
}

type SortKey = 'item' | 'unit' | 'period' | 'submittedAt';
const SORTS: Record<SortKey, (a: QueueEntry, b: QueueEntry) => number> = {
  item: (a, b) => `${a.planCode}:${a.itemCode}`.localeCompare(`${b.planCode}:${b.itemCode}`, 'zh-CN', { numeric: true }),
  unit: (a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN'),
  period: (a, b) => a.periodKey.localeCompare(b.periodKey),
  submittedAt: (a, b) => a.submittedAt.localeCompare(b.submittedAt),
};

function waiting(seconds: unknown): string {
  const s = typeof seconds === 'number' ? seconds : 0;
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))}′`;
  if (s < 86_400) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

/**
 * The queue a page at a time, following the API's X-Next-Cursor. A reload (after a review) asks for as many rows as
 * are shown, so the supervisor keeps their place in a long queue; new filters start again at the first page.
 */
function useQueuePages(path: string, pageSize: number) {
  // The first page may have been asked for early (preload.ts), with the same limit as below.
  const [answered] = useState(() => takeAnswered<QueueEntry[]>(`${path}&limit=${Math.min(200, pageSize)}`));
  const [rows, setRows] = useState<QueueEntry[] | undefined>(answered?.body);
  const [nextCursor, setNextCursor] = useState<string | null>(answered?.headers.get('x-next-cursor') ?? null);
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(!answered);
  const [loadingMore, setLoadingMore] = useState(false);
  const [tick, setTick] = useState(0);
  const shown = useRef({ path, count: answered?.body.length ?? 0 });
  const hasAnswer = useRef(!!answered);
  const call = useRef(0);
  useEffect(() => {
    if (hasAnswer.current) {
      hasAnswer.current = false;
      return;
    }
    if (shown.current.path !== path) shown.current = { path, count: 0 };
    const id = ++call.current;
    setLoading(true);
    getPage<QueueEntry>(`${path}&limit=${Math.min(200, Math.max(pageSize, shown.current.count))}`)
      .then((page) => {
        if (id !== call.current) return;
        setRows(page.rows);
        setNextCursor(page.nextCursor);
        setError(undefined);
        shown.current.count = page.rows.length;
      })
      .catch((e: unknown) => id === call.current && setError(e instanceof Error ? e : new Error(String(e))))
      .finally(() => id === call.current && setLoading(false));
  }, [path, pageSize, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const loadMore = useCallback(async () => {
    if (!nextCursor || loadingMore) return;
    const id = call.current;
    setLoadingMore(true);
    try {
      const page = await getPage<QueueEntry>(`${path}&limit=${pageSize}&cursor=${encodeURIComponent(nextCursor)}`);
      if (id !== call.current) return;
      setRows((before) => [...(before ?? []), ...page.rows.filter((r) => !before?.some((b) => b.reportId === r.reportId))]);
      setNextCursor(page.nextCursor);
      shown.current.count += page.rows.length;
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setLoadingMore(false);
    }
  }, [loadingMore, nextCursor, pageSize, path]);
  return { data: rows, error, loading, reload, loadMore, nextCursor, loadingMore };
}

/** The supervisors' approval queue: filters, claims, approve / return with a comment, bulk approve, j/k/a/r/c keys. */
export default function QueuePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { person, is } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [filters, setFilters] = useState<Filters>({ status: 'pending', keyItem: false, planId: params.get('plan') ?? undefined });
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<string[]>([]);
  const [returning, setReturning] = useState<QueueEntry | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const canReview = is('supervisor');

  const query = useMemo(() => {
    const q = new URLSearchParams({ status: filters.status });
    if (filters.planId) q.set('planId', filters.planId);
    if (filters.colour) q.set('colour', filters.colour);
    if (filters.claim) q.set('claim', filters.claim);
    if (filters.keyItem) q.set('keyItem', 'true');
    if (filters.q) q.set('q', filters.q);
    return `/queue?${q.toString()}`;
  }, [filters]);
  // ?limit= in the console's URL sets the page size (the API's default is 50, its most 200).
  const pageSize = Math.min(200, Math.max(1, Number(params.get('limit')) || 50));
  const queue = useQueuePages(query, pageSize);
  const pending = useApi<PendingRequest[]>(`/requests/pending${filters.planId ? `?planId=${filters.planId}` : ''}`);
  const plans = useApi<Plan[]>('/plans');
  // Sorted here rather than by the table, so that j/k walk the rows in the order they are shown.
  const [sort, setSort] = useState<{ key: SortKey; order: 'ascend' | 'descend' } | null>(null);
  const rows = useMemo(() => {
    const loaded = queue.data ?? [];
    if (!sort) return loaded;
    const compare = SORTS[sort.key];
    return [...loaded].sort((a, b) => (sort.order === 'ascend' ? compare(a, b) : compare(b, a)));
  }, [queue.data, sort]);
  const planTitle = (id: string) => plans.data?.find((p) => p.id === id)?.title;
  const sortProps = (key: SortKey) => ({ sorter: true, sortOrder: sort?.key === key ? sort.order : null });
  const current = rows[Math.min(active, rows.length - 1)] as QueueEntry | undefined;
  const item = useApi<Item>(current ? `/items/${current.itemId}` : null);

  useEffect(() => {
    setSelected((s) => s.filter((id) => rows.some((r) => r.reportId === id)));
    setActive((a) => Math.max(0, Math.min(a, rows.length - 1)));
  }, [rows]);

  const fail = useCallback((err: unknown) => message.error(err instanceof ApiError ? err.message : String(err)), [message]);

  const review = useCallback(
    async (entry: QueueEntry, decision: 'approve' | 'return', text?: string) => {
      setBusy(true);
      try {
        await post(`/reports/${entry.reportId}/review`, { decision, ...(text ? { comment: text } : {}) });
        message.success(`${entry.itemCode} ${entry.periodKey}：${t(decision === 'approve' ? 'queue.approved' : 'queue.returned')}`);
        queue.reload();
      } catch (err) {
        fail(err);
      } finally {
        setBusy(false);
      }
    },
    [fail, message, queue, t],
  );

  const claim = useCallback(
    async (entry: QueueEntry) => {
      try {
        if (entry.claimedBy === person?.id) await request('DELETE', `/reports/${entry.reportId}/claim`);
        else await post(`/reports/${entry.reportId}/claim`);
        queue.reload();
      } catch (err) {
        fail(err);
      }
    },
    [fail, person?.id, queue],
  );

  // Bulk approval asks first: how many, which, and an optional comment recorded with each approval.
  const [confirmingBulk, setConfirmingBulk] = useState(false);
  const [bulkComment, setBulkComment] = useState('');
  const bulkApprove = async () => {
    setBusy(true);
    try {
      const res = await post<{ approved: number; refused: number; results: Array<{ outcome: string; message?: string }> }>('/queue/approve', {
        reportIds: selected,
        ...(bulkComment.trim() ? { comment: bulkComment.trim() } : {}),
      });
      setConfirmingBulk(false);
      const refusedWhy = res.results
        .filter((r) => r.outcome === 'refused')
        .map((r) => r.message)
        .filter(Boolean);
      if (res.refused) message.warning(`${t('queue.bulkResult', res)}${refusedWhy.length ? `：${refusedWhy[0]}` : ''}`);
      else message.success(t('queue.bulkResult', res));
      setSelected([]);
      queue.reload();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const openReturn = (entry: QueueEntry) => {
    setComment('');
    setReturning(entry);
  };

  // Keyboard: j/k move, a approve, r return, c claim, x select, Enter open the item. Not while typing.
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement | null;
    if (returning || e.ctrlKey || e.metaKey || e.altKey) return;
    if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
    if (target?.closest('.ant-select, .ant-modal')) return;
    const entry = current;
    switch (e.key) {
      case 'j':
        // Past the last row shown: the next page.
        if (active >= rows.length - 1 && queue.nextCursor) void queue.loadMore().then(() => setActive((a) => a + 1));
        else setActive((a) => Math.min(a + 1, rows.length - 1));
        break;
      case 'k':
        setActive((a) => Math.max(a - 1, 0));
        break;
      case 'a':
        if (entry && canReview && filters.status === 'pending' && !busy) void review(entry, 'approve');
        break;
      case 'r':
        if (entry && canReview && filters.status === 'pending') openReturn(entry);
        break;
      case 'c':
        if (entry && canReview && filters.status === 'pending') void claim(entry);
        break;
      case 'x':
        if (entry) setSelected((s) => (s.includes(entry.reportId) ? s.filter((id) => id !== entry.reportId) : [...s, entry.reportId]));
        break;
      case 'Enter':
        if (entry && target?.tagName !== 'BUTTON' && target?.tagName !== 'A') void navigate(`/items/${entry.itemId}`);
        break;
      default:
        return;
    }
    e.preventDefault();
  };
  useEffect(() => {
    const handler = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', handler);
    return () => window.removeEventListener('keydown', handler);
  }, []);
  useEffect(() => {
    document.querySelector(`[data-row-key="${current?.reportId ?? ''}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current?.reportId]);

  const claimTag = (entry: QueueEntry) => {
    if (!entry.claimedBy) return null;
    const mine = entry.claimedBy === person?.id;
    const label = mine ? t('queue.claimedByMe') : t('queue.claimedByOther');
    return (
      <Tooltip title={label}>
        <Tag color={mine ? 'blue' : 'default'} icon={<LockOutlined />} aria-label={label} style={{ marginInlineEnd: 0 }}>
          {mine ? t('queue.mineShort') : t('queue.otherShort')}
        </Tag>
      </Tooltip>
    );
  };

  return (
    <>
      <PageTitle
        title={t('queue.title')}
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('queue.shortcuts')}
          </Typography.Text>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap size={[12, 8]}>
          <Select
            aria-label={t('queue.plan')}
            allowClear
            placeholder={t('queue.plan')}
            style={{ width: 240 }}
            value={filters.planId}
            options={(plans.data ?? []).filter((p) => p.status === 'active').map((p) => ({ value: p.id, label: `${p.title}（${p.code}）` }))}
            onChange={(v?: string) => setFilters({ ...filters, planId: v })}
          />
          <Input.Search
            allowClear
            aria-label={t('queue.search')}
            placeholder={t('queue.search')}
            style={{ width: 240 }}
            defaultValue={filters.q}
            onSearch={(v) => setFilters({ ...filters, q: v.trim() || undefined })}
            data-testid="queue-search"
          />
          <Select
            aria-label={t('queue.status')}
            style={{ width: 120 }}
            value={filters.status}
            options={(['pending', 'returned', 'approved'] as const).map((s) => ({ value: s, label: t(`reportStatus.${s}`) }))}
            onChange={(v: Filters['status']) => setFilters({ ...filters, status: v })}
          />
          <Select
            aria-label={t('queue.colour')}
            allowClear
            placeholder={t('queue.colour')}
            style={{ width: 110 }}
            value={filters.colour}
            options={(['red', 'yellow', 'green'] as const).map((c) => ({ value: c, label: t(`colour.${c}`) }))}
            onChange={(v?: Filters['colour']) => setFilters({ ...filters, colour: v })}
          />
          <Select
            aria-label={t('queue.claim')}
            style={{ width: 130 }}
            value={filters.claim ?? 'all'}
            options={[
              { value: 'all', label: t('queue.claimAll') },
              { value: 'mine', label: t('queue.mine') },
              { value: 'unclaimed', label: t('queue.unclaimed') },
              { value: 'claimed', label: t('queue.claimed') },
            ]}
            onChange={(v: string) => setFilters({ ...filters, claim: v === 'all' ? undefined : (v as Filters['claim']) })}
          />
          <label>
            <Switch size="small" checked={filters.keyItem} onChange={(v) => setFilters({ ...filters, keyItem: v })} /> {t('queue.keyOnly')}
          </label>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              queue.reload();
              pending.reload();
            }}
            aria-label={t('queue.refresh')}
          />
          {canReview && filters.status === 'pending' && (
            <Button
              type="primary"
              icon={<CheckOutlined />}
              disabled={selected.length === 0}
              loading={busy}
              onClick={() => {
                setBulkComment('');
                setConfirmingBulk(true);
              }}
              data-testid="bulk-approve"
            >
              {t('queue.bulkApprove', { n: selected.length })}
            </Button>
          )}
        </Space>
      </Card>
      <LoadError error={queue.error} retry={queue.reload} />
      {(pending.data?.length ?? 0) > 0 && (
        <Card size="small" title={`${t('requests.pending')}（${pending.data?.length ?? 0}）`} style={{ marginBottom: 12 }} data-testid="pending-requests">
          <List
            size="small"
            dataSource={pending.data ?? []}
            renderItem={(r) => (
              <List.Item
                data-testid={`pending-request-${r.itemCode}`}
                data-kind={r.kind}
                actions={[
                  <Link key="open" to={`/items/${r.itemId}#requests`} aria-label={`${t('requests.handle')} ${r.itemCode} ${t(`requests.${r.kind}`)}`}>
                    {t('requests.handle')}
                  </Link>,
                ]}
              >
                <Space size={6} wrap style={{ minWidth: 0 }}>
                  <Tag color={r.kind === 'extension' ? 'orange' : 'blue'}>{t(`requests.${r.kind}`)}</Tag>
                  <Link to={`/items/${r.itemId}`} className="num">
                    {r.itemCode}
                  </Link>
                  <span>{r.itemTitle}</span>
                  <Typography.Text type="secondary" className="num" style={{ fontSize: 12 }}>
                    {r.unitName}
                    {r.kind === 'extension' && ` · ${r.periodKey} ${r.currentDueOn} → ${r.requestedDueOn}`} · {t(`requests.waitingFor.${r.waitingFor}`)} ·{' '}
                    {formatTime(r.createdAt)}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" styles={{ body: { padding: 0 } }}>
            <Table<QueueEntry>
              size="small"
              rowKey="reportId"
              loading={queue.loading && !queue.data}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 600, y: 'calc(100vh - 260px)' }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('queue.empty')} /> }}
              rowSelection={
                canReview && filters.status === 'pending'
                  ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), columnWidth: 36 }
                  : undefined
              }
              rowClassName={(r) => (r.reportId === current?.reportId ? 'queue-row-active' : '')}
              onChange={(_pagination, _filters, sorter) => {
                const one = Array.isArray(sorter) ? sorter[0] : sorter;
                setSort(one?.order && one.columnKey ? { key: one.columnKey as SortKey, order: one.order } : null);
              }}
              onRow={(r, index) =>
                ({
                  onClick: () => setActive(index ?? 0),
                  'aria-selected': r.reportId === current?.reportId,
                  'data-testid': `queue-row-${r.itemCode}`,
                }) as React.HTMLAttributes<HTMLElement>
              }
              columns={[
                {
                  title: t('queue.item'),
                  key: 'item',
                  ...sortProps('item'),
                  render: (_, r) => (
                    <div style={{ minWidth: 0 }}>
                      <Space size={4}>
                        <ColourTag colour={r.statusColour} />
                        {r.keyItem && <Tag color="red">{t('item.keyItem')}</Tag>}
                        <Link to={`/items/${r.itemId}`}>{r.itemCode}</Link>
                      </Space>
                      <div
                        style={{ fontSize: 13, color: '#434343', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', maxWidth: 280 }}
                        title={r.itemTitle}
                      >
                        {r.itemTitle}
                      </div>
                      <div
                        style={{ fontSize: 12, color: '#666', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', maxWidth: 280 }}
                        data-testid="queue-plan"
                      >
                        {planTitle(r.planId) ?? r.planCode} <span className="num">{r.planCode}</span>
                      </div>
                    </div>
                  ),
                },
                { title: t('queue.unit'), dataIndex: 'unitName', key: 'unit', width: 120, ellipsis: true, ...sortProps('unit') },
                {
                  title: t('queue.period'),
                  key: 'period',
                  ...sortProps('period'),
                  width: 100,
                  render: (_, r) => (
                    <span className="num">
                      {r.periodKey}
                      {r.attempt > 1 && <Tag style={{ marginInlineStart: 4 }}>{t('queue.attempt', { n: r.attempt })}</Tag>}
                    </span>
                  ),
                },
                {
                  title: t('queue.submittedAt'),
                  key: 'submittedAt',
                  ...sortProps('submittedAt'),
                  width: 112,
                  render: (_, r) => (
                    <span className="num" title={formatTime(r.submittedAt)}>
                      {formatTime(r.submittedAt).slice(5)}
                      <br />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('queue.waiting')} {waiting(r.waitingSeconds)}
                      </Typography.Text>
                    </span>
                  ),
                },
                { title: t('queue.claim'), width: 64, render: (_, r) => claimTag(r) },
              ]}
            />
            {rows.length > 0 && (
              <div
                style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, padding: '8px 12px', borderTop: '1px solid #f0f0f0' }}
              >
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="queue-shown" aria-live="polite">
                  {t('queue.shown', { n: rows.length })}
                  {!queue.nextCursor && ` · ${t('queue.allLoaded')}`}
                </Typography.Text>
                {queue.nextCursor && (
                  <Button size="small" onClick={() => void queue.loadMore()} loading={queue.loadingMore} data-testid="load-more">
                    {t('queue.loadMore')}
                  </Button>
                )}
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={current ? `${current.itemCode} · ${current.periodKey} · ${current.unitName}` : t('queue.detail')}
            extra={
              current &&
              canReview &&
              filters.status === 'pending' && (
                <Space size={6} wrap>
                  <Tooltip title="c">
                    <Button
                      size="small"
                      icon={current.claimedBy === person?.id ? <UnlockOutlined /> : <LockOutlined />}
                      onClick={() => void claim(current)}
                      aria-keyshortcuts="c"
                    >
                      {current.claimedBy === person?.id ? t('queue.release') : t('queue.claim')}
                    </Button>
                  </Tooltip>
                  <Tooltip title="r">
                    <Button
                      size="small"
                      danger
                      icon={<RollbackOutlined />}
                      onClick={() => openReturn(current)}
                      aria-keyshortcuts="r"
                      data-testid="return-button"
                    >
                      {t('queue.return')}
                    </Button>
                  </Tooltip>
                  <Tooltip title="a">
                    <Button
                      size="small"
                      type="primary"
                      icon={<CheckOutlined />}
                      loading={busy}
                      onClick={() => void review(current, 'approve')}
                      aria-keyshortcuts="a"
                      data-testid="approve-button"
                    >
                      {t('queue.approve')}
                    </Button>
                  </Tooltip>
                </Space>
              )
            }
          >
            {current ? (
              <>
                <Typography.Paragraph strong style={{ marginBottom: 8 }}>
                  <Link to={`/items/${current.itemId}`}>{current.itemTitle}</Link>
                </Typography.Paragraph>
                {current.attempt > 1 && (
                  <AttemptComparison
                    key={`compare-${current.reportId}`}
                    itemId={current.itemId}
                    periodKey={current.periodKey}
                    reportId={current.reportId}
                    attempt={current.attempt}
                  />
                )}
                <ReportView
                  key={current.reportId}
                  reportId={current.reportId}
                  targets={item.data?.id === current.itemId ? item.data.targets : undefined}
                  units={item.data?.id === current.itemId ? item.data.units : undefined}
                />
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('queue.empty')} />
            )}
          </Card>
        </Col>
      </Row>
      <Modal
        open={confirmingBulk}
        title={t('queue.bulkConfirmTitle', { n: selected.length })}
        okText={t('queue.bulkConfirm', { n: selected.length })}
        okButtonProps={{ loading: busy, id: 'confirm-bulk-approve' }}
        onOk={() => void bulkApprove()}
        onCancel={() => setConfirmingBulk(false)}
        destroyOnHidden
      >
        <ul data-testid="bulk-approve-list" style={{ paddingInlineStart: 18, maxHeight: 200, overflow: 'auto' }}>
          {rows
            .filter((r) => selected.includes(r.reportId))
            .map((r) => (
              <li key={r.reportId} className="num">
                {r.itemCode} {r.itemTitle} · {r.periodKey} · {r.unitName}
              </li>
            ))}
        </ul>
        <label htmlFor="bulk-comment" style={{ display: 'block', marginBottom: 6 }}>
          {t('queue.bulkComment')}
        </label>
        <Input.TextArea id="bulk-comment" rows={3} value={bulkComment} onChange={(e) => setBulkComment(e.target.value)} maxLength={5000} />
      </Modal>
      <Modal
        open={!!returning}
        title={returning ? `${t('queue.returnTitle')}：${returning.itemCode} ${returning.periodKey}` : ''}
        okText={t('queue.return')}
        okButtonProps={{ danger: true, disabled: comment.trim() === '', loading: busy, id: 'confirm-return' }}
        onOk={async () => {
          if (!returning) return;
          await review(returning, 'return', comment.trim());
          setReturning(null);
        }}
        onCancel={() => setReturning(null)}
        destroyOnHidden
      >
        <label htmlFor="return-comment" style={{ display: 'block', marginBottom: 6 }}>
          {t('queue.comment')}
        </label>
        <Input.TextArea
          id="return-comment"
          autoFocus
          rows={4}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder={t('queue.commentRequired')}
          maxLength={5000}
          showCount
        />
      </Modal>
    </>
  );
}
