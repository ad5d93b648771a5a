import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Form, Input, InputNumber, List, Row, Skeleton, Space, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { PaperClipOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../auth';
import { ApiError, post, request } from '../api';
import { LoadError, PageTitle } from '../components/common';
import { ClosureRequestButton, ExtensionRequestButton } from '../components/ItemRequests';
import { daysBetween, formatTime, shanghaiToday, useApi } from '../hooks';
import type { Item, Notification, OpenPeriod, SentReport, Target } from '../types';

interface Draft {
  narrative?: string;
  problems?: string;
  nextSteps?: string;
  values?: Record<string, number | null>;
  savedAt?: string;
}

const draftKey = (itemId: string, periodKey: string) => `duban.draft.${itemId}.${periodKey}`;
/** What was last sent for a period: a returned report is revised from it rather than typed again. */
const sentKey = (itemId: string, periodKey: string) => `duban.sent.${itemId}.${periodKey}`;

function readDraft(itemId: string, periodKey: string, key = draftKey): Draft | null {
  try {
    const raw = localStorage.getItem(key(itemId, periodKey));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

/** One field per indicator: a target named twice (2018 and 2021) is reported once, as the current value. */
function indicatorsOf(targets: Target[]): Array<{ indicator: string; unit: string; goals: string }> {
  const byName = new Map<string, { indicator: string; unit: string; goals: string[] }>();
  for (const t of targets) {
    const entry = byName.get(t.indicator) ?? { indicator: t.indicator, unit: t.unit, goals: [] };
    const goal = t.value ?? t.min ?? t.max;
    if (goal !== undefined) entry.goals.push(`${t.year ? `${t.year}：` : ''}${goal}${t.unit}`);
    byName.set(t.indicator, entry);
  }
  return [...byName.values()].map((e) => ({ ...e, goals: e.goals.join('，') }));
}

function Countdown({ dueOn }: { dueOn: string }) {
  const { t } = useTranslation();
  const days = daysBetween(shanghaiToday(), dueOn);
  if (days < 0) return <span className="countdown-overdue">{t('my.overdueDays', { n: -days })}</span>;
  if (days === 0) return <span className="countdown-overdue">{t('my.dueToday')}</span>;
  return <span className={days <= 3 ? 'countdown-soon' : undefined}>{t('my.daysLeft', { n: days })}</span>;
}

/** A reporter's open periods (soonest due first) and the report form for the one chosen. */
export default function MyItemsPage() {
  const { t } = useTranslation();
  const params = useParams();
  const navigate = useNavigate();
  const { is } = useAuth();
  const periods = useApi<OpenPeriod[]>('/me/periods');
  const inbox = useApi<{ rows: Notification[] }>('/inbox?limit=200');
  const rows = useMemo(() => periods.data ?? [], [periods.data]);
  const chosen = rows.find((p) => p.itemId === params.itemId && p.periodKey === params.periodKey) ?? (params.itemId ? undefined : rows[0]);

  const returnedComment = (p: OpenPeriod) =>
    (inbox.data?.rows ?? []).find((n) => n.kind === 'report.returned' && n.itemId === p.itemId && n.periodKey === p.periodKey);

  return (
    <>
      <PageTitle title={t('my.title')} />
      <LoadError error={periods.error} retry={periods.reload} />
      <Row gutter={[12, 12]}>
        <Col xs={{ span: 24, order: params.itemId ? 2 : 1 }} lg={{ span: 9, order: 1 }}>
          <Card size="small" title={t('my.open')} extra={<Link to="/history">{t('history.title')}</Link>} styles={{ body: { padding: 0 } }}>
            {periods.loading && !periods.data ? (
              <Skeleton active style={{ padding: 12 }} />
            ) : rows.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('my.none')} style={{ padding: 16 }} />
            ) : (
              <List
                dataSource={rows}
                renderItem={(p) => {
                  const active = chosen && p.itemId === chosen.itemId && p.periodKey === chosen.periodKey;
                  return (
                    <List.Item
                      style={{
                        padding: '8px 12px',
                        cursor: 'pointer',
                        background: active ? '#e6f0fb' : undefined,
                        boxShadow: active ? 'inset 3px 0 0 #1f4e8c' : undefined,
                      }}
                      onClick={() => navigate(`/my/${p.itemId}/${p.periodKey}`)}
                      data-testid={`open-period-${p.itemCode}`}
                    >
                      <div style={{ width: '100%' }}>
                        <Space size={4} wrap>
                          <Link to={`/my/${p.itemId}/${p.periodKey}`} aria-current={active ? 'true' : undefined}>
                            <strong className="num">{p.itemCode}</strong>
                          </Link>
                          <Tag title={p.planCode} data-testid="open-period-plan">
                            {p.planTitle}
                          </Tag>
                          <Tag color={p.unitRole === 'lead' ? 'blue' : 'default'}>{t(`unitRole.${p.unitRole}`)}</Tag>
                          {p.keyItem && <Tag color="red">{t('item.keyItem')}</Tag>}
                          {p.periodState === 'returned' && <Tag color="red">{t('periodState.returned')}</Tag>}
                        </Space>
                        <div style={{ fontSize: 13, margin: '2px 0' }}>{p.itemTitle}</div>
                        <div style={{ fontSize: 12, color: '#555' }} className="num">
                          {p.periodKey} · {t('my.due')} {p.dueOn} · <Countdown dueOn={p.dueOn} />
                        </div>
                      </div>
                    </List.Item>
                  );
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={{ span: 24, order: params.itemId ? 1 : 2 }} lg={{ span: 15, order: 2 }}>
          {chosen && !is('reporter') ? (
            <Alert type="info" showIcon title={t('my.headHint')} action={<Link to={`/items/${chosen.itemId}`}>{t('item.view')}</Link>} />
          ) : chosen ? (
            <ReportForm
              key={`${chosen.itemId}:${chosen.periodKey}:${chosen.periodState}`}
              period={chosen}
              returned={returnedComment(chosen)}
              onSubmitted={() => {
                periods.reload();
                inbox.reload();
              }}
            />
          ) : (
            !periods.loading &&
            (params.itemId ? (
              // A period no longer open (sent, approved, closed): it is in the unit's history, not gone.
              <Alert
                type="info"
                showIcon
                data-testid="period-not-open"
                title={t('my.notOpen')}
                action={<Link to={`/history?item=${params.itemId}`}>{t('history.link')}</Link>}
              />
            ) : (
              rows.length > 0 && <Empty description={t('my.none')} />
            ))
          )}
        </Col>
      </Row>
    </>
  );
}

function ReportForm({ period, returned, onSubmitted }: { period: OpenPeriod; returned?: Notification; onSubmitted: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const item = useApi<Item>(`/items/${period.itemId}`);
  const [form] = Form.useForm();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [savedAt, setSavedAt] = useState<string | undefined>();
  const restored = useRef(false);
  const lead = period.unitRole === 'lead';
  const indicators = useMemo(() => indicatorsOf(item.data?.targets ?? []), [item.data]);
  // A resubmission keeps the returned attempt's files unless the reporter removes them.
  const attempts = useApi<SentReport[]>(lead && period.periodState === 'returned' ? `/items/${period.itemId}/reports?periodKey=${period.periodKey}` : null);
  const lastAttempt = attempts.data?.at(-1);
  const lastFiles = useApi<Array<{ id: string; fileName: string }>>(lastAttempt ? `/reports/${lastAttempt.id}/attachments` : null);
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set());
  const toggleRemoved = (id: string) =>
    setRemoved((now) => {
      const next = new Set(now);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  useEffect(() => {
    if (restored.current || !item.data) return;
    restored.current = true;
    const draft =
      readDraft(period.itemId, period.periodKey) ?? (period.periodState === 'returned' ? readDraft(period.itemId, period.periodKey, sentKey) : null);
    if (draft) {
      form.setFieldsValue({ narrative: draft.narrative, problems: draft.problems, nextSteps: draft.nextSteps, values: draft.values ?? {} });
      setSavedAt(draft.savedAt);
      message.info(t('my.draftRestored'));
    }
  }, [form, item.data, message, period.itemId, period.periodKey, t]);

  const saveDraft = (quiet: boolean) => {
    const v = form.getFieldsValue() as Draft;
    const draft: Draft = { ...v, savedAt: new Date().toISOString() };
    localStorage.setItem(draftKey(period.itemId, period.periodKey), JSON.stringify(draft));
    setSavedAt(draft.savedAt);
    if (!quiet) message.success(t('my.draftSaved'));
  };
  const autosave = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onChange = () => {
    clearTimeout(autosave.current);
    autosave.current = setTimeout(() => saveDraft(true), 600);
  };
  useEffect(() => () => clearTimeout(autosave.current), []);

  const submit = async (v: Draft) => {
    setBusy(true);
    try {
      const indicatorValues = indicators
        .filter((i) => v.values?.[i.indicator] !== null && v.values?.[i.indicator] !== undefined)
        .map((i) => ({ indicator: i.indicator, value: Number(v.values?.[i.indicator]), unit: i.unit }));
      if (lead) {
        const res = await post<{ reportId: string }>(`/items/${period.itemId}/reports`, {
          periodKey: period.periodKey,
          narrative: v.narrative,
          indicatorValues,
          ...(v.problems ? { problems: v.problems } : {}),
          ...(v.nextSteps ? { nextSteps: v.nextSteps } : {}),
        });
        const kept = (lastFiles.data ?? []).filter((f) => !removed.has(f.id));
        if (kept.length > 0) {
          try {
            await post(`/reports/${res.reportId}/attachments/carry`, { attachmentIds: kept.map((f) => f.id) });
          } catch {
            message.error(t('my.attachFailed', { name: kept.map((f) => f.fileName).join('、') }));
          }
        }
        for (const f of files) {
          const body = new FormData();
          body.append('file', f.originFileObj as Blob, f.name);
          try {
            await request('POST', `/reports/${res.reportId}/attachments`, { form: body });
          } catch {
            message.error(t('my.attachFailed', { name: f.name }));
          }
        }
      } else {
        await post(`/items/${period.itemId}/contributions`, { periodKey: period.periodKey, narrative: v.narrative, indicatorValues });
      }
      clearTimeout(autosave.current);
      localStorage.removeItem(draftKey(period.itemId, period.periodKey));
      localStorage.setItem(sentKey(period.itemId, period.periodKey), JSON.stringify({ ...v, savedAt: new Date().toISOString() }));
      message.success(t('my.submitted'));
      form.resetFields();
      setFiles([]);
      onSubmitted();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={
        <span>
          {t('my.form')} ·{' '}
          <span className="num">
            {period.itemCode} {period.periodKey}
          </span>
        </span>
      }
      extra={<Link to={`/items/${period.itemId}`}>{t('item.view')}</Link>}
    >
      {!item.data ? (
        <Skeleton active />
      ) : (
        <>
          <Typography.Paragraph strong style={{ marginBottom: 4 }}>
            {item.data.title}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }} style={{ fontSize: 13 }}>
            {item.data.body}
          </Typography.Paragraph>
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
            <span style={{ fontSize: 13 }} className="num">
              {t('my.due')} {period.dueOn} · <Countdown dueOn={period.dueOn} />
            </span>
            {lead && (
              <Space size={6} wrap>
                <ExtensionRequestButton itemId={period.itemId} periodKey={period.periodKey} dueOn={period.dueOn} onDone={onSubmitted} />
                <ClosureRequestButton itemId={period.itemId} onDone={onSubmitted} />
              </Space>
            )}
          </div>
          {returned && (
            <Alert
              type="error"
              showIcon
              data-testid="returned-comment"
              title={`${t('my.returned')}（${formatTime(returned.createdAt)}）`}
              description={<div className="narrative">{returned.body}</div>}
              style={{ marginBottom: 12 }}
            />
          )}
          {!returned && period.periodState === 'returned' && <Alert type="error" showIcon title={t('my.returnedHint')} style={{ marginBottom: 12 }} />}
          {!lead && <Alert type="info" showIcon title={t('my.coHint')} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" onFinish={(v: Draft) => void submit(v)} onValuesChange={onChange} requiredMark="optional">
            <Form.Item
              name="narrative"
              label={t('my.narrative')}
              extra={t('my.narrativeHelp')}
              rules={[{ required: true, message: t('signIn.required', { field: t('my.narrative') }) }]}
            >
              <Input.TextArea id="narrative" rows={5} maxLength={20000} showCount />
            </Form.Item>
            {indicators.length > 0 && (
              <fieldset style={{ border: '1px solid #f0f0f0', padding: '8px 12px 0', marginBottom: 16, borderRadius: 4 }}>
                <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>{t('my.indicators')}</legend>
                <Row gutter={12}>
                  {indicators.map((i) => (
                    <Col xs={24} sm={12} key={i.indicator}>
                      <Form.Item
                        name={['values', i.indicator]}
                        label={t('my.valueOf', { indicator: i.indicator, unit: i.unit })}
                        extra={i.goals ? `${t('dashboard.goal')}：${i.goals}` : undefined}
                      >
                        <InputNumber style={{ width: '100%' }} suffix={i.unit} aria-label={i.indicator} data-indicator={i.indicator} />
                      </Form.Item>
                    </Col>
                  ))}
                </Row>
              </fieldset>
            )}
            {lead && (
              <>
                <Form.Item name="problems" label={t('my.problems')}>
                  <Input.TextArea id="problems" rows={2} maxLength={10000} />
                </Form.Item>
                <Form.Item name="nextSteps" label={t('my.nextSteps')}>
                  <Input.TextArea id="nextSteps" rows={2} maxLength={10000} />
                </Form.Item>
                <Form.Item label={t('my.attachments')}>
                  {(lastFiles.data ?? []).length > 0 && (
                    <div data-testid="kept-files" style={{ marginBottom: 8 }}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('compare.kept')}
                      </Typography.Text>
                      {(lastFiles.data ?? []).map((f) => (
                        <div key={f.id} data-testid="kept-file" data-removed={String(removed.has(f.id))}>
                          <PaperClipOutlined /> <span style={{ textDecoration: removed.has(f.id) ? 'line-through' : undefined }}>{f.fileName}</span>
                          {removed.has(f.id) && <Typography.Text type="secondary">{t('compare.removed')}</Typography.Text>}{' '}
                          <Button type="link" size="small" onClick={() => toggleRemoved(f.id)} data-testid="toggle-kept-file">
                            {removed.has(f.id) ? t('compare.restore') : t('compare.remove')}
                          </Button>
                        </div>
                      ))}
                    </div>
                  )}
                  <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)}>
                    <Button icon={<PaperClipOutlined />}>{t('my.attach')}</Button>
                  </Upload>
                </Form.Item>
              </>
            )}
            <Space wrap>
              <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={busy} data-testid="submit-report">
                {period.periodState === 'returned' ? t('my.resubmit') : t('my.submit')}
              </Button>
              <Button icon={<SaveOutlined />} onClick={() => saveDraft(false)}>
                {t('my.saveDraft')}
              </Button>
              {savedAt && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('my.draftSaved')} {formatTime(savedAt)}
                </Typography.Text>
              )}
            </Space>
          </Form>
        </>
      )}
    </Card>
  );
}
