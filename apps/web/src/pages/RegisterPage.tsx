import { useMemo, useState } from 'react';
import { App, Button, Input, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api';
import { ColourTag, LoadError, PageTitle, percent } from '../components/common';
import { downloadFile } from '../download';
import { formatTime, useApi } from '../hooks';
import type { ItemRegister, RegisterRow } from '../types';

const byText = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });

/** A plan's item register (台账): every item with its units, final deadline, status, last report and progress; searchable, sortable, exported to .xlsx. */
export default function RegisterPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { planId = '' } = useParams();
  const register = useApi<ItemRegister>(`/plans/${planId}/register`);
  const [query, setQuery] = useState('');
  const [downloading, setDownloading] = useState(false);

  const rows = useMemo(() => {
    const words = query.trim().toLowerCase();
    return (register.data?.rows ?? []).filter(
      (r) => !words || [r.itemCode, r.itemTitle, ...r.leadUnits, ...r.coUnits].some((text) => text.toLowerCase().includes(words)),
    );
  }, [query, register.data]);

  const download = async () => {
    setDownloading(true);
    try {
      const name = await downloadFile(`/plans/${planId}/register?format=xlsx`, 'register.xlsx');
      message.success(t('bulletin.downloaded', { name }));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setDownloading(false);
    }
  };

  const r = register.data;
  return (
    <>
      <PageTitle
        title={
          <span>
            {t('register.title')}
            {r && (
              <>
                {' · '}
                {r.plan.title}{' '}
                <Typography.Text type="secondary" className="num" style={{ fontSize: 13, fontWeight: 400 }}>
                  {r.plan.code}
                </Typography.Text>
              </>
            )}
          </span>
        }
        extra={
          <Space wrap>
            <Input.Search
              allowClear
              aria-label={t('register.search')}
              placeholder={t('register.search')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              style={{ maxWidth: 300 }}
              data-testid="register-search"
            />
            <Button icon={<DownloadOutlined />} onClick={() => void download()} loading={downloading} disabled={!r} data-testid="download-register">
              {t('bulletin.download')}
            </Button>
            <Link to={`/dashboard?plan=${planId}`}>{t('nav.dashboard')}</Link>
          </Space>
        }
      />
      <LoadError error={register.error} retry={register.reload} />
      {!r && !register.error ? (
        <Skeleton active />
      ) : (
        <Table<RegisterRow>
          size="small"
          rowKey="itemId"
          dataSource={rows}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 1000 }}
          onRow={(row) => ({ 'data-testid': `register-${row.itemCode}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('register.item'),
              dataIndex: 'itemCode',
              width: 80,
              sorter: (a, b) => byText(a.itemCode, b.itemCode),
              render: (code: string, row) => (
                <Link to={`/items/${row.itemId}`} className="num">
                  {code}
                </Link>
              ),
            },
            {
              title: t('register.itemTitle'),
              dataIndex: 'itemTitle',
              sorter: (a, b) => byText(a.itemTitle, b.itemTitle),
              render: (title: string, row) => (
                <span>
                  {title} {row.keyItem && <Tag color="red">{t('item.keyItem')}</Tag>}
                </span>
              ),
            },
            {
              title: t('item.lead'),
              width: 140,
              sorter: (a, b) => byText(a.leadUnits.join(), b.leadUnits.join()),
              render: (_, row) => row.leadUnits.join('、'),
            },
            { title: t('item.co'), width: 160, render: (_, row) => row.coUnits.join('、') || '—' },
            {
              title: t('register.deadline'),
              dataIndex: 'finalDeadline',
              width: 110,
              sorter: (a, b) => byText(a.finalDeadline ?? '9999', b.finalDeadline ?? '9999'),
              render: (v: string | null) => <span className="num">{v ?? '—'}</span>,
            },
            {
              title: t('item.status'),
              width: 190,
              sorter: (a, b) => rank(a) - rank(b),
              render: (_, row) =>
                row.state === 'closed' ? (
                  <Tag color="default" data-testid="register-status" data-status="closed">
                    {t('item.stateClosed')}
                  </Tag>
                ) : (
                  <span data-testid="register-status" data-status={row.statusColour}>
                    <ColourTag colour={row.statusColour} />
                    {row.statusReason && <div style={{ fontSize: 12, color: '#555' }}>{row.statusReason}</div>}
                  </span>
                ),
            },
            {
              title: t('register.lastReport'),
              width: 170,
              sorter: (a, b) => byText(a.lastReport?.submittedAt ?? '', b.lastReport?.submittedAt ?? ''),
              render: (_, row) =>
                row.lastReport ? (
                  <span className="num" style={{ fontSize: 12 }}>
                    {row.lastReport.periodKey} {t('queue.attempt', { n: row.lastReport.attempt })} {t(`reportStatus.${row.lastReport.status}`)}
                    <br />
                    {formatTime(row.lastReport.submittedAt)}
                  </span>
                ) : (
                  <Typography.Text type="secondary">{t('register.noReport')}</Typography.Text>
                ),
            },
            {
              title: t('dashboard.progress'),
              width: 200,
              render: (_, row) =>
                row.progress.length === 0
                  ? '—'
                  : row.progress.map((p) => (
                      <div key={`${p.indicator}:${p.year ?? ''}`} className="num" style={{ fontSize: 12 }}>
                        {p.indicator} {p.latestValue ?? '—'}/{p.goal ?? '—'}
                        {p.unit} {p.progress !== null && `（${percent(p.progress)}）`}
                      </div>
                    )),
            },
          ]}
        />
      )}
    </>
  );
}

/** Red first, then yellow, green, closed: the register sorted by what needs attention. */
function rank(row: RegisterRow): number {
  if (row.state === 'closed') return 3;
  return { red: 0, yellow: 1, green: 2 }[row.statusColour];
}
