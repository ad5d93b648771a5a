import { Alert, Skeleton, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../hooks';
import type { Report, SentReport } from '../types';

interface Attachment {
  id: string;
  fileName: string;
}

interface Row {
  key: string;
  label: string;
  before: string;
  after: string;
}

/** A resubmission beside the attempt it answers: text and indicator values side by side, what changed marked. */
export function AttemptComparison({ itemId, periodKey, reportId, attempt }: { itemId: string; periodKey: string; reportId: string; attempt: number }) {
  const { t } = useTranslation();
  const attempts = useApi<Array<SentReport & { periodKey: string }>>(`/items/${itemId}/reports?periodKey=${periodKey}`);
  const previous = attempts.data?.find((r) => r.attempt === attempt - 1);
  const before = useApi<Report>(previous ? `/reports/${previous.id}` : null);
  const after = useApi<Report>(`/reports/${reportId}`);
  const beforeFiles = useApi<Attachment[]>(previous ? `/reports/${previous.id}/attachments` : null);
  const afterFiles = useApi<Attachment[]>(`/reports/${reportId}/attachments`);
  if (attempts.error) return null;
  if (!before.data || !after.data) return <Skeleton active paragraph={{ rows: 2 }} />;
  const b = before.data;
  const a = after.data;
  const value = (r: Report, indicator: string) => {
    const v = r.indicatorValues.find((x) => x.indicator === indicator);
    return v ? `${v.value}${v.unit ?? ''}` : '—';
  };
  const indicators = [...new Set([...b.indicatorValues, ...a.indicatorValues].map((v) => v.indicator))];
  const rows: Row[] = [
    { key: 'narrative', label: t('queue.narrative'), before: b.narrative, after: a.narrative },
    ...indicators.map((indicator) => ({ key: `value:${indicator}`, label: indicator, before: value(b, indicator), after: value(a, indicator) })),
    { key: 'problems', label: t('queue.problems'), before: b.problems ?? '—', after: a.problems ?? '—' },
    { key: 'nextSteps', label: t('queue.nextSteps'), before: b.nextSteps ?? '—', after: a.nextSteps ?? '—' },
    {
      key: 'files',
      label: t('my.attachments'),
      before: (beforeFiles.data ?? []).map((f) => f.fileName).join('、') || '—',
      after: (afterFiles.data ?? []).map((f) => f.fileName).join('、') || '—',
    },
  ];
  return (
    <div data-testid="attempt-comparison" style={{ marginBottom: 12 }}>
      {previous?.reviewComment && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('compare.returnedBecause', { n: previous.attempt, comment: previous.reviewComment })}
        />
      )}
      <Table<Row>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        scroll={{ x: 520 }}
        onRow={(r) => ({ 'data-testid': `compare-${r.key}`, 'data-changed': String(r.before !== r.after) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('compare.what'),
            dataIndex: 'label',
            width: 110,
            render: (label: string, r) => (
              <span>
                {label}
                {r.before !== r.after && (
                  <Tag color="orange" style={{ marginInlineStart: 4 }}>
                    {t('compare.changed')}
                  </Tag>
                )}
              </span>
            ),
          },
          {
            title: t('queue.attempt', { n: attempt - 1 }),
            dataIndex: 'before',
            render: (v: string) => <div className="narrative compare-before">{v}</div>,
          },
          {
            title: t('queue.attempt', { n: attempt }),
            dataIndex: 'after',
            render: (v: string, r) => <div className={`narrative${r.before !== r.after ? ' compare-after-changed' : ''}`}>{v}</div>,
          },
        ]}
      />
    </div>
  );
}
