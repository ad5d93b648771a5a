import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Row,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { InboxOutlined, EditOutlined, PlayCircleOutlined, DownloadOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, patch, post, request } from '../api';
import { ColourTag, LoadError, PageTitle } from '../components/common';
import { RefusalAlert } from '../components/ItemRequests';
import { formatTime, useApi } from '../hooks';
import type { Item, Plan, Target } from '../types';

interface ImportAnswer {
  planId: string;
  code: string;
  status: string;
  created: boolean;
  revision?: {
    added: Array<{ code: string; title: string }>;
    removed: Array<{ code: string; title: string }>;
    changed: Array<{ code: string; title: string; changes: Array<{ field: string }> }>;
    unchanged: number;
  };
}

/** Plan import: upload a document, review the parsed items beside the source text, correct drafts, activate. */
export default function ImportPage() {
  const { planId } = useParams();
  return planId ? <PlanReview planId={planId} /> : <PlanUpload />;
}

function PlanUpload() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const plans = useApi<Plan[]>('/plans');
  const [answer, setAnswer] = useState<ImportAnswer>();
  const [busy, setBusy] = useState(false);

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const res = await request<ImportAnswer>('POST', '/plans/upload', { form });
      setAnswer(res);
      if (res.revision) return;
      message.success(res.created ? t('import.created') : t('import.same'));
      void navigate(`/import/${res.planId}`);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle title={t('import.title')} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('import.upload')}>
            <Upload.Dragger
              accept=".txt,.docx,.doc,.yaml,.yml,.md,.html"
              multiple={false}
              showUploadList={false}
              disabled={busy}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('import.upload')}</p>
              <p className="ant-upload-hint">{t('import.uploadHint')}</p>
            </Upload.Dragger>
            {answer?.revision && (
              <Alert
                style={{ marginTop: 12 }}
                type="warning"
                showIcon
                title={t('import.revision')}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {answer.revision.added.map((a) => (
                      <li key={`a${a.code}`}>
                        + {a.code} {a.title}
                      </li>
                    ))}
                    {answer.revision.removed.map((a) => (
                      <li key={`r${a.code}`}>
                        − {a.code} {a.title}
                      </li>
                    ))}
                    {answer.revision.changed.map((a) => (
                      <li key={`c${a.code}`}>
                        ~ {a.code} {a.title}（{a.changes.map((c) => c.field).join('、')}）
                      </li>
                    ))}
                  </ul>
                }
                action={<Link to={`/import/${answer.planId}`}>{t('import.review')}</Link>}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('import.plans')}>
            <LoadError error={plans.error} retry={plans.reload} />
            <Table<Plan>
              size="small"
              rowKey="id"
              pagination={false}
              loading={plans.loading && !plans.data}
              dataSource={plans.data ?? []}
              scroll={{ x: 560 }}
              columns={[
                { title: t('dashboard.plan'), render: (_, p) => <Link to={`/import/${p.id}`}>{p.title}</Link> },
                { title: t('import.docNumber'), dataIndex: 'docNumber', width: 150 },
                {
                  title: t('item.status'),
                  width: 80,
                  render: (_, p) => <Tag color={p.status === 'active' ? 'green' : 'orange'}>{t(`import.status.${p.status}`)}</Tag>,
                },
                { title: t('queue.submittedAt'), width: 140, render: (_, p) => <span className="num">{formatTime(p.createdAt)}</span> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

const splitUnits = (s: string) =>
  s
    .split(/[、，,；;\s]+/)
    .map((x) => x.trim())
    .filter((x) => x.length >= 2);

function PlanReview({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const plan = useApi<Plan>(`/plans/${planId}`);
  const items = useApi<Item[]>(`/plans/${planId}/items`);
  const [source, setSource] = useState<string>();
  const [focus, setFocus] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [saveError, setSaveError] = useState<unknown>(null);
  const sourceRef = useRef<HTMLPreElement>(null);

  useEffect(() => {
    request<string>('GET', `/plans/${planId}/source`, { raw: true })
      .then(setSource)
      .catch(() => setSource(''));
  }, [planId]);

  const focused = items.data?.find((i) => i.id === focus);
  // Where the focused item sits in the source: its title, or failing that the start of its text.
  const mark = useMemo(() => {
    if (!source || !focused) return null;
    for (const probe of [focused.title, focused.body.slice(0, 24), focused.body.slice(0, 12)]) {
      const at = probe ? source.indexOf(probe) : -1;
      if (at < 0 || !probe) continue;
      // The whole paragraph the item came from: up to the end of its line.
      const end = source.indexOf('\n', at);
      return { at, length: (end < 0 ? source.length : end) - at };
    }
    return null;
  }, [source, focused]);
  useEffect(() => {
    sourceRef.current?.querySelector('mark')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [mark]);

  const p = plan.data;
  const draft = p?.status === 'draft';

  const save = async (item: Item, v: EditorValues) => {
    setBusy(true);
    setSaveError(null);
    try {
      await patch(`/plans/${planId}/items/${item.id}`, {
        title: v.title,
        body: v.body,
        leadUnits: splitUnits(v.lead),
        coUnits: splitUnits(v.co),
        keyItem: v.keyItem,
        targets: (v.targets ?? []).map(targetOf),
        deadlines: (v.deadlines ?? []).map((d) => ({ date: d.date?.format('YYYY-MM-DD') ?? '', text: d.text ?? '', confirm: !d.confirmed })),
      });
      message.success(t('import.saved'));
      setEditing(null);
      items.reload();
    } catch (err) {
      setSaveError(err);
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const activate = async () => {
    setBusy(true);
    try {
      const res = await post<{ started: number; alreadyRunning: number; warnings?: string[] }>(`/plans/${planId}/activate`, {});
      message.success(t('import.activated', { n: res.started + res.alreadyRunning }));
      setWarnings(res.warnings ?? []);
      plan.reload();
      items.reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const exportYaml = async () => {
    const text = await request<string>('GET', `/plans/${planId}/export.yaml`, { raw: true });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
    a.download = `${p?.code ?? 'plan'}.yaml`;
    a.click();
  };

  if (!p) return plan.error ? <LoadError error={plan.error} /> : <Skeleton active />;
  return (
    <>
      <PageTitle
        title={p.title}
        extra={
          <Space wrap>
            <Tag color={draft ? 'orange' : 'green'} data-testid="plan-status">
              {t(`import.status.${p.status}`)}
            </Tag>
            {p.docNumber && <Typography.Text type="secondary">{p.docNumber}</Typography.Text>}
            <Button size="small" icon={<DownloadOutlined />} onClick={() => void exportYaml()}>
              {t('import.export')}
            </Button>
            {draft && (
              <Popconfirm title={t('import.activateConfirm')} onConfirm={() => void activate()} okText={t('common.ok')} cancelText={t('common.cancel')}>
                <Button type="primary" icon={<PlayCircleOutlined />} loading={busy} data-testid="activate">
                  {t('import.activate')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      {warnings.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={warnings.join('；')} />}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={11}>
          <Card size="small" title={t('import.source')}>
            {source === undefined ? (
              <Skeleton active />
            ) : (
              <pre className="source-text" ref={sourceRef} aria-label={t('import.source')} tabIndex={0}>
                {mark ? (
                  <>
                    {source.slice(0, mark.at)}
                    <mark style={{ background: '#fff1b8' }}>{source.slice(mark.at, mark.at + mark.length)}</mark>
                    {source.slice(mark.at + mark.length)}
                  </>
                ) : (
                  source
                )}
              </pre>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={13}>
          <Card
            size="small"
            title={`${t('import.parsed')}（${items.data?.length ?? 0}）`}
            styles={{ body: { maxHeight: '74vh', overflow: 'auto', padding: 0 } }}
          >
            <LoadError error={items.error} retry={items.reload} />
            {!items.data ? (
              <Skeleton active style={{ padding: 12 }} />
            ) : items.data.length === 0 ? (
              <Empty />
            ) : (
              <List
                dataSource={items.data}
                renderItem={(item) => (
                  <List.Item
                    data-testid={`parsed-${item.code}`}
                    style={{ display: 'block', padding: '10px 12px', background: focus === item.id ? '#f6f9fe' : undefined }}
                    onMouseEnter={() => setFocus(item.id)}
                    onFocus={() => setFocus(item.id)}
                  >
                    {editing === item.id ? (
                      <ItemEditor
                        item={item}
                        busy={busy}
                        error={saveError}
                        onCancel={() => {
                          setEditing(null);
                          setSaveError(null);
                        }}
                        onSave={(v) => void save(item, v)}
                      />
                    ) : (
                      <ParsedItem
                        item={item}
                        draft={draft}
                        onEdit={() => {
                          setSaveError(null);
                          setEditing(item.id);
                        }}
                      />
                    )}
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}

function ParsedItem({ item, draft, onEdit }: { item: Item; draft: boolean; onEdit: () => void }) {
  const { t } = useTranslation();
  const lead = (item.units ?? []).filter((u) => u.role === 'lead').map((u) => u.unit.name);
  const co = (item.units ?? []).filter((u) => u.role === 'co').map((u) => u.unit.name);
  return (
    <div>
      <Space size={6} wrap style={{ marginBottom: 4 }}>
        <strong className="num" style={{ color: '#1f4e8c' }}>
          {item.code}
        </strong>
        <Tag>{t(`item.section.${item.section}`)}</Tag>
        {item.keyItem && <Tag color="red">{t('item.keyItem')}</Tag>}
        {item.state !== 'draft' && <ColourTag colour={item.statusColour} />}
        <strong>{item.title}</strong>
        {draft && (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={onEdit} aria-label={`${t('import.edit')} ${item.code}`}>
            {t('import.edit')}
          </Button>
        )}
      </Space>
      <div style={{ fontSize: 13 }}>
        <Typography.Text type="secondary">{t('item.lead')}：</Typography.Text>
        <span data-testid={`lead-${item.code}`}>{lead.join('、') || '—'}</span>
        {co.length > 0 && (
          <>
            <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
              {t('item.co')}：
            </Typography.Text>
            {co.join('、')}
          </>
        )}
      </div>
      {item.targets.length > 0 && (
        <div style={{ fontSize: 13 }}>
          <Typography.Text type="secondary">{t('item.targets')}：</Typography.Text>
          {item.targets.map((x) => `${x.indicator}${x.year ? `（${x.year}）` : ''} ${x.value ?? x.min ?? x.max ?? ''}${x.unit}`).join('；')}
        </div>
      )}
      {item.deadlines.length > 0 && (
        <div style={{ fontSize: 13 }}>
          <Typography.Text type="secondary">{t('item.deadlines')}：</Typography.Text>
          {item.deadlines.map((d) => (
            <span key={d.date + d.text} className="num" style={{ marginInlineEnd: 8 }}>
              {d.date}
              {d.confirm && (
                <Tag color="orange" style={{ marginInlineStart: 4 }}>
                  {t('import.confirmDeadline')}
                </Tag>
              )}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

interface TargetValues {
  indicator: string;
  year?: number | null;
  value?: number | null;
  min?: number | null;
  max?: number | null;
  unit?: string;
  text?: string;
}

interface EditorValues {
  title: string;
  body: string;
  lead: string;
  co: string;
  keyItem: boolean;
  targets?: TargetValues[];
  deadlines?: Array<{ date: Dayjs | null; text?: string; confirmed?: boolean }>;
}

/** A target as the API takes it: empty number fields left out, so a range stays a range. */
function targetOf(v: TargetValues): Target {
  const number = (n: number | null | undefined) => (typeof n === 'number' ? n : undefined);
  const target: Target = { indicator: (v.indicator ?? '').trim(), year: number(v.year) ?? null, unit: v.unit ?? '', text: v.text ?? '' };
  for (const key of ['value', 'min', 'max'] as const) if (number(v[key]) !== undefined) target[key] = number(v[key]);
  return target;
}

function ItemEditor({
  item,
  busy,
  error,
  onSave,
  onCancel,
}: {
  item: Item;
  busy: boolean;
  error: unknown;
  onSave: (v: EditorValues) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditorValues>();
  const code = item.code;
  const initial: EditorValues = {
    title: item.title,
    body: item.body,
    lead: (item.units ?? [])
      .filter((u) => u.role === 'lead')
      .map((u) => u.unit.name)
      .join('、'),
    co: (item.units ?? [])
      .filter((u) => u.role === 'co')
      .map((u) => u.unit.name)
      .join('、'),
    keyItem: item.keyItem,
    targets: item.targets.map((x) => ({ ...x })),
    deadlines: item.deadlines.map((d) => ({ date: dayjs(d.date), text: d.text, confirmed: !d.confirm })),
  };
  return (
    <Form form={form} layout="vertical" size="small" initialValues={initial} onFinish={onSave} data-testid={`editor-${code}`}>
      <RefusalAlert error={error} />
      <Form.Item name="title" label={t('import.title_')} htmlFor={`title-${code}`} rules={[{ required: true }]}>
        <Input id={`title-${code}`} />
      </Form.Item>
      <Form.Item name="lead" label={t('import.leadUnits')} htmlFor={`lead-input-${code}`} extra={t('import.unitsHint')} rules={[{ required: true }]}>
        <Input id={`lead-input-${code}`} />
      </Form.Item>
      <Form.Item name="co" label={t('import.coUnits')} htmlFor={`co-input-${code}`}>
        <Input id={`co-input-${code}`} />
      </Form.Item>
      <Form.Item name="body" label={t('import.body')} rules={[{ required: true }]}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <fieldset className="editor-group">
        <legend>{t('import.targets')}</legend>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('import.targetHint')}
        </Typography.Text>
        <Form.List name="targets">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => {
                const id = (what: string) => `target-${what}-${code}-${index}`;
                return (
                  <div
                    key={field.key}
                    className="editor-row"
                    role="group"
                    aria-label={t('import.targetN', { n: index + 1 })}
                    data-testid={`target-${code}-${index}`}
                  >
                    <Row gutter={8}>
                      <Col xs={24} sm={10}>
                        <Form.Item name={[field.name, 'indicator']} label={t('import.indicator')} htmlFor={id('indicator')} rules={[{ required: true }]}>
                          <Input id={id('indicator')} maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} sm={7}>
                        <Form.Item name={[field.name, 'year']} label={t('import.year')} htmlFor={id('year')}>
                          <InputNumber id={id('year')} min={1900} max={2100} precision={0} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} sm={7}>
                        <Form.Item name={[field.name, 'unit']} label={t('import.unit')} htmlFor={id('unit')}>
                          <Input id={id('unit')} maxLength={20} />
                        </Form.Item>
                      </Col>
                      <Col xs={8}>
                        <Form.Item name={[field.name, 'value']} label={t('import.value')} htmlFor={id('value')}>
                          <InputNumber id={id('value')} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={8}>
                        <Form.Item name={[field.name, 'min']} label={t('import.min')} htmlFor={id('min')}>
                          <InputNumber id={id('min')} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={8}>
                        <Form.Item name={[field.name, 'max']} label={t('import.max')} htmlFor={id('max')}>
                          <InputNumber id={id('max')} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Form.Item name={[field.name, 'text']} hidden>
                      <Input />
                    </Form.Item>
                    <Button size="small" type="link" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} style={{ padding: 0 }}>
                      {t('import.remove')} {t('import.targetN', { n: index + 1 })}
                    </Button>
                  </div>
                );
              })}
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => add({ indicator: '', year: null, unit: '', text: '' })}
                data-testid={`add-target-${code}`}
              >
                {t('import.addTarget')}
              </Button>
            </>
          )}
        </Form.List>
      </fieldset>
      <fieldset className="editor-group">
        <legend>{t('import.deadlines')}</legend>
        <Form.List name="deadlines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => {
                const id = (what: string) => `deadline-${what}-${code}-${index}`;
                return (
                  <div
                    key={field.key}
                    className="editor-row"
                    role="group"
                    aria-label={t('import.deadlineN', { n: index + 1 })}
                    data-testid={`deadline-${code}-${index}`}
                  >
                    <Row gutter={8} align="bottom">
                      <Col xs={24} sm={8}>
                        <Form.Item name={[field.name, 'date']} label={t('import.deadlineDate')} htmlFor={id('date')} rules={[{ required: true }]}>
                          <DatePicker
                            id={id('date')}
                            format="YYYY-MM-DD"
                            style={{ width: '100%' }}
                            // A date the supervisor set is a date they confirmed.
                            onChange={() => form.setFieldValue(['deadlines', field.name, 'confirmed'], true)}
                            // Enter confirms the typed date; it must not also submit the editor.
                            onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={10}>
                        <Form.Item name={[field.name, 'text']} label={t('import.deadlineText')} htmlFor={id('text')}>
                          <Input id={id('text')} maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={6}>
                        <Form.Item name={[field.name, 'confirmed']} valuePropName="checked">
                          <Checkbox id={id('confirmed')}>{t('import.confirmed')}</Checkbox>
                        </Form.Item>
                      </Col>
                    </Row>
                    <Button size="small" type="link" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} style={{ padding: 0 }}>
                      {t('import.remove')} {t('import.deadlineN', { n: index + 1 })}
                    </Button>
                  </div>
                );
              })}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ date: null, text: '', confirmed: true })} data-testid={`add-deadline-${code}`}>
                {t('import.addDeadline')}
              </Button>
            </>
          )}
        </Form.List>
      </fieldset>
      <Form.Item name="keyItem" label={t('import.keyItem')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="save-item">
          {t('import.save')}
        </Button>
        <Button onClick={onCancel}>{t('import.cancel')}</Button>
      </Space>
    </Form>
  );
}
