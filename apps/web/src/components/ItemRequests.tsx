// Extension (延期) and closure (办结) requests: the lead unit asks, a supervisor decides, a leader signs a closure off.
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { CalendarOutlined, CheckCircleOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, post, refusalKind } from '../api';
import { useAuth } from '../auth';
import { formatTime } from '../hooks';
import type { ClosureRequest, ExtensionRequest } from '../types';

/** The API's refusal, said plainly: what kind of refusal (fix the input / not yours / not now) and the API's own reason. */
export function RefusalAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const kind = refusalKind(error);
  return (
    <Alert
      type={kind === 'invalid' ? 'warning' : 'error'}
      showIcon
      role="alert"
      data-testid="request-error"
      data-status={error instanceof ApiError ? error.status : undefined}
      title={t(`requests.refused.${kind}`)}
      description={error instanceof Error ? error.message : String(error)}
      style={{ marginBottom: 12 }}
    />
  );
}

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: React.ReactNode }) {
  return (
    <div style={{ marginBottom: 12 }}>
      <label htmlFor={id} style={{ display: 'block', marginBottom: 4 }}>
        {label}
      </label>
      {children}
      {hint && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint}
        </Typography.Text>
      )}
    </div>
  );
}

/** Runs one request from a modal: keeps the modal open with the API's refusal in it, closes it on success. */
function useSubmit(onDone: () => void) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (call: () => Promise<unknown>, success: string, close: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      message.success(success);
      close();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/** 申请延期: the lead unit asks for a later due date of the current period, with a reason. */
export function ExtensionRequestButton({ itemId, periodKey, dueOn, onDone }: { itemId: string; periodKey: string; dueOn: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [date, setDate] = useState<Dayjs | null>(null);
  const { busy, error, setError, run } = useSubmit(onDone);
  const show = () => {
    setReason('');
    setDate(null);
    setError(null);
    setOpen(true);
  };
  return (
    <>
      <Button size="small" icon={<CalendarOutlined />} onClick={show} data-testid="request-extension">
        {t('requests.askExtension')}
      </Button>
      <Modal
        open={open}
        title={`${t('requests.askExtension')} · ${periodKey}`}
        okText={t('requests.send')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !reason.trim() || !date, loading: busy, id: 'confirm-extension' }}
        onOk={() =>
          void run(
            () => post(`/items/${itemId}/extensions`, { periodKey, reason: reason.trim(), requestedDueOn: date?.format('YYYY-MM-DD') }),
            t('requests.extensionSent'),
            () => setOpen(false),
          )
        }
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <RefusalAlert error={error} />
        <Typography.Paragraph className="num">{t('requests.currentDue', { date: dueOn })}</Typography.Paragraph>
        <Field id="extension-due" label={t('requests.newDue')}>
          <DatePicker id="extension-due" value={date} onChange={setDate} format="YYYY-MM-DD" style={{ width: '100%' }} />
        </Field>
        <Field id="extension-reason" label={t('requests.reason')}>
          <Input.TextArea id="extension-reason" rows={4} maxLength={5000} showCount value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      </Modal>
    </>
  );
}

/** 申请办结: the lead unit says the task is done and sums up what was achieved. */
export function ClosureRequestButton({ itemId, onDone }: { itemId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [summary, setSummary] = useState('');
  const { busy, error, setError, run } = useSubmit(onDone);
  return (
    <>
      <Button
        size="small"
        icon={<CheckCircleOutlined />}
        onClick={() => {
          setSummary('');
          setError(null);
          setOpen(true);
        }}
        data-testid="request-closure"
      >
        {t('requests.askClosure')}
      </Button>
      <Modal
        open={open}
        title={t('requests.askClosure')}
        okText={t('requests.send')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !summary.trim(), loading: busy, id: 'confirm-closure' }}
        onOk={() =>
          void run(
            () => post(`/items/${itemId}/closure`, { reason: summary.trim() }),
            t('requests.closureSent'),
            () => setOpen(false),
          )
        }
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <RefusalAlert error={error} />
        <Field id="closure-summary" label={t('requests.summary')} hint={t('requests.summaryHint')}>
          <Input.TextArea id="closure-summary" rows={5} maxLength={10000} showCount value={summary} onChange={(e) => setSummary(e.target.value)} />
        </Field>
      </Modal>
    </>
  );
}

type Decision =
  | { on: 'extension'; request: ExtensionRequest; action: 'approve' | 'reject' }
  | { on: 'closure'; request: ClosureRequest; action: 'approve' | 'reject' }
  | { on: 'leader'; request: ClosureRequest; action: 'sign-off' | 'instruct' };

const EXTENSION_COLOUR = { pending: 'orange', approved: 'green', rejected: 'red', lapsed: 'default' } as const;
const CLOSURE_COLOUR = { requested: 'orange', approved: 'blue', rejected: 'red', 'signed-off': 'green', instructed: 'red', closed: 'green' } as const;

/** The item's requests with their decisions; the supervisor decides pending ones here, the leader signs closures off. */
export function ItemRequests({ extensions, closures, onChanged }: { extensions: ExtensionRequest[]; closures: ClosureRequest[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const { is } = useAuth();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [comment, setComment] = useState('');
  const { busy, error, setError, run } = useSubmit(onChanged);
  const decide = (d: Decision) => {
    setComment('');
    setError(null);
    setDecision(d);
  };
  const needsComment = decision?.action === 'instruct';

  const send = () => {
    if (!decision) return;
    const text = comment.trim();
    const close = () => setDecision(null);
    if (decision.on === 'leader') {
      return run(
        () => post(`/closures/${decision.request.id}/leader`, { decision: decision.action, ...(text ? { instruction: text } : {}) }),
        t(decision.action === 'sign-off' ? 'requests.signedOff' : 'requests.instructed'),
        close,
      );
    }
    const path = decision.on === 'extension' ? `/extensions/${decision.request.id}/${decision.action}` : `/closures/${decision.request.id}/${decision.action}`;
    return run(() => post(path, text ? { comment: text } : {}), t(decision.action === 'approve' ? 'requests.approvedDone' : 'requests.rejectedDone'), close);
  };

  const rows = [
    ...extensions.map((r) => ({ at: r.createdAt, node: extensionRow(r) })),
    ...closures.map((r) => ({ at: r.createdAt, node: closureRow(r) })),
  ].sort((a, b) => b.at.localeCompare(a.at));

  function extensionRow(r: ExtensionRequest) {
    return (
      <List.Item key={r.id} data-testid="extension-request" data-status={r.status} style={{ display: 'block' }}>
        <Space size={6} wrap>
          <strong>{t('requests.extension')}</strong>
          <Tag color={EXTENSION_COLOUR[r.status]}>{t(`requests.status.${r.status}`)}</Tag>
          <span className="num">
            {r.periodKey} · {r.currentDueOn} → <strong>{r.requestedDueOn}</strong>
          </span>
        </Space>
        <div className="narrative" style={{ fontSize: 13 }}>
          {r.reason}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} className="num">
          {t('requests.askedAt')} {formatTime(r.createdAt)}
          {r.decidedAt && ` · ${t('requests.decidedAt')} ${formatTime(r.decidedAt)}`}
          {r.decisionComment && ` · ${t('queue.comment')}：${r.decisionComment}`}
        </Typography.Text>
        {r.status === 'pending' && is('supervisor') && (
          <Space style={{ display: 'flex', marginTop: 6 }}>
            <Button size="small" type="primary" onClick={() => decide({ on: 'extension', request: r, action: 'approve' })} data-testid="approve-request">
              {t('requests.approve')}
            </Button>
            <Button size="small" danger onClick={() => decide({ on: 'extension', request: r, action: 'reject' })} data-testid="reject-request">
              {t('requests.reject')}
            </Button>
          </Space>
        )}
      </List.Item>
    );
  }

  function closureRow(r: ClosureRequest) {
    return (
      <List.Item key={r.id} data-testid="closure-request" data-status={r.status} style={{ display: 'block' }}>
        <Space size={6} wrap>
          <strong>{t('requests.closure')}</strong>
          <Tag color={CLOSURE_COLOUR[r.status]}>{t(`requests.closureStatus.${r.status}`)}</Tag>
          {r.status === 'approved' && r.signOffBy && <span className="num">{t('requests.signOffBy', { date: r.signOffBy })}</span>}
        </Space>
        <div className="narrative" style={{ fontSize: 13 }}>
          {r.reason}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} className="num">
          {t('requests.askedAt')} {formatTime(r.createdAt)}
          {r.comment && ` · ${t('queue.comment')}：${r.comment}`}
          {r.closedAt && ` · ${t('item.closed')} ${formatTime(r.closedAt)}`}
        </Typography.Text>
        {r.status === 'requested' && is('supervisor') && (
          <Space style={{ display: 'flex', marginTop: 6 }}>
            <Button size="small" type="primary" onClick={() => decide({ on: 'closure', request: r, action: 'approve' })} data-testid="approve-request">
              {t('requests.approve')}
            </Button>
            <Button size="small" danger onClick={() => decide({ on: 'closure', request: r, action: 'reject' })} data-testid="reject-request">
              {t('requests.reject')}
            </Button>
          </Space>
        )}
        {r.status === 'approved' && is('leader') && (
          <Space style={{ display: 'flex', marginTop: 6 }}>
            <Button size="small" type="primary" onClick={() => decide({ on: 'leader', request: r, action: 'sign-off' })} data-testid="sign-off-closure">
              {t('requests.signOff')}
            </Button>
            <Button size="small" onClick={() => decide({ on: 'leader', request: r, action: 'instruct' })} data-testid="instruct-closure">
              {t('requests.instruct')}
            </Button>
          </Space>
        )}
      </List.Item>
    );
  }

  const title = decision
    ? t(
        decision.on === 'leader'
          ? decision.action === 'sign-off'
            ? 'requests.signOff'
            : 'requests.instruct'
          : `requests.${decision.action}${decision.on === 'extension' ? 'Extension' : 'Closure'}`,
      )
    : '';
  return (
    <Card size="small" title={t('requests.title')} id="requests">
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('requests.none')} />
      ) : (
        <List size="small">{rows.map((r) => r.node)}</List>
      )}
      <Modal
        open={!!decision}
        title={title}
        okText={title}
        cancelText={t('common.cancel')}
        okButtonProps={{
          danger: decision?.action === 'reject',
          disabled: needsComment && !comment.trim(),
          loading: busy,
          id: 'confirm-decision',
        }}
        onOk={() => void send()}
        onCancel={() => setDecision(null)}
        destroyOnHidden
      >
        <RefusalAlert error={error} />
        {decision?.on === 'extension' && (
          <Typography.Paragraph className="num">
            {decision.request.periodKey} · {decision.request.currentDueOn} → {decision.request.requestedDueOn}
          </Typography.Paragraph>
        )}
        {decision && decision.on !== 'extension' && (
          <Typography.Paragraph ellipsis={{ rows: 4, expandable: true }} className="narrative">
            {decision.request.reason}
          </Typography.Paragraph>
        )}
        {decision?.action !== 'sign-off' && (
          <Field id="decision-comment" label={needsComment ? t('requests.instruction') : t('requests.comment')}>
            <Input.TextArea id="decision-comment" rows={3} maxLength={5000} value={comment} onChange={(e) => setComment(e.target.value)} />
          </Field>
        )}
        {decision?.action === 'sign-off' && <Typography.Paragraph>{t('requests.signOffHint')}</Typography.Paragraph>}
      </Modal>
    </Card>
  );
}
