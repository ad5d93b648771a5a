import { Descriptions, Empty, List, Skeleton, Table, Tag } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApi, formatTime } from '../hooks';
import type { IndicatorValue, ItemUnit, Report, Target } from '../types';

interface Contribution {
  id: string;
  unitId: string;
  narrative: string;
  indicatorValues: IndicatorValue[];
  submittedAt: string;
}

interface Attachment {
  id: string;
  fileName?: string;
  name?: string;
  size?: number;
  sizeBytes?: number;
}

/** One report as a reviewer reads it: narrative, indicator values against targets, problems, next steps, files. */
export function ReportView({ reportId, targets, units }: { reportId: string; targets?: Target[]; units?: ItemUnit[] }) {
  const { t } = useTranslation();
  const report = useApi<Report>(`/reports/${reportId}`);
  const files = useApi<Attachment[]>(`/reports/${reportId}/attachments`);
  const contributions = useApi<Contribution[]>(`/reports/${reportId}/contributions`);
  const r = report.data;
  if (!r) return report.error ? <Empty description={report.error.message} /> : <Skeleton active />;
  const goal = (indicator: string) => targets?.find((x) => x.indicator === indicator);
  return (
    <div data-testid="report-view">
      <Descriptions size="small" column={1} bordered styles={{ label: { width: 96 } }}>
        <Descriptions.Item label={t('queue.narrative')}>
          <div className="narrative">{r.narrative}</div>
        </Descriptions.Item>
        {r.indicatorValues.length > 0 && (
          <Descriptions.Item label={t('queue.indicators')}>
            <Table
              size="small"
              pagination={false}
              rowKey="indicator"
              dataSource={r.indicatorValues}
              columns={[
                { title: t('queue.indicators'), dataIndex: 'indicator' },
                {
                  title: t('dashboard.latest'),
                  align: 'right',
                  render: (_, v) => (
                    <span className="num">
                      {v.value} {v.unit ?? ''}
                    </span>
                  ),
                },
                {
                  title: t('dashboard.goal'),
                  align: 'right',
                  render: (_, v) => {
                    const g = goal(v.indicator);
                    const value = g?.value ?? g?.min ?? g?.max;
                    return value === undefined ? (
                      '—'
                    ) : (
                      <span className="num">
                        {value} {g?.unit}
                      </span>
                    );
                  },
                },
              ]}
            />
          </Descriptions.Item>
        )}
        {r.problems && (
          <Descriptions.Item label={t('queue.problems')}>
            <div className="narrative">{r.problems}</div>
          </Descriptions.Item>
        )}
        {r.nextSteps && (
          <Descriptions.Item label={t('queue.nextSteps')}>
            <div className="narrative">{r.nextSteps}</div>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('queue.submittedAt')}>
          <span className="num">{formatTime(r.submittedAt)}</span> <Tag>{t('queue.attempt', { n: r.attempt })}</Tag> <Tag>{t(`reportStatus.${r.status}`)}</Tag>
        </Descriptions.Item>
        {(contributions.data ?? []).length > 0 && (
          <Descriptions.Item label={t('report.contributions')}>
            <List
              size="small"
              dataSource={contributions.data}
              renderItem={(c) => (
                <List.Item style={{ padding: '4px 0', display: 'block' }}>
                  <strong>{units?.find((u) => u.unitId === c.unitId)?.unit.name ?? t('unitRole.co')}</strong>
                  <span className="num" style={{ color: '#666', fontSize: 12, marginInlineStart: 8 }}>
                    {formatTime(c.submittedAt)}
                  </span>
                  <div className="narrative">{c.narrative}</div>
                  {c.indicatorValues.length > 0 && (
                    <div style={{ fontSize: 12 }}>{c.indicatorValues.map((v) => `${v.indicator} ${v.value}${v.unit ?? ''}`).join('；')}</div>
                  )}
                </List.Item>
              )}
            />
          </Descriptions.Item>
        )}
        {(files.data ?? []).length > 0 && (
          <Descriptions.Item label={t('my.attachments')}>
            <List
              size="small"
              dataSource={files.data}
              renderItem={(f) => (
                <List.Item style={{ padding: '2px 0' }}>
                  <a
                    href={`/attachments/${f.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      void download(f);
                    }}
                  >
                    <PaperClipOutlined /> {f.fileName ?? f.name ?? f.id}
                  </a>
                </List.Item>
              )}
            />
          </Descriptions.Item>
        )}
      </Descriptions>
    </div>
  );
}

async function download(f: Attachment): Promise<void> {
  const { loadSession } = await import('../api');
  const res = await fetch(`/attachments/${f.id}`, { headers: { authorization: `Bearer ${loadSession()?.accessToken ?? ''}` } });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = f.fileName ?? f.name ?? 'attachment';
  a.click();
  URL.revokeObjectURL(url);
}
