import { useState } from 'react';
import { App, Button, Empty, Select, Skeleton, Space } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api';
import { LoadError, percent } from '../components/common';
import { downloadFile } from '../download';
import { formatTime, useApi } from '../hooks';
import type { Bulletin, BulletinUnitItem, Dashboard } from '../types';

/** 2026Q4 → 2026年第四季度, 2026-11 → 2026年11月, 2026H2 → 2026年下半年, 2026 → 2026年度. */
export function periodLabel(t: TFunction, key: string): string {
  const year = key.slice(0, 4);
  const quarter = /^\d{4}Q([1-4])$/.exec(key);
  if (quarter) return t('bulletin.periodLabel.quarter', { year, n: t(`bulletin.quarters.${quarter[1]}`) });
  const month = /^\d{4}-(\d{2})$/.exec(key);
  if (month) return t('bulletin.periodLabel.month', { year, n: Number(month[1]) });
  const half = /^\d{4}H([12])$/.exec(key);
  if (half) return t('bulletin.periodLabel.half', { year, half: t(`bulletin.halves.${half[1]}`) });
  return t('bulletin.periodLabel.year', { year });
}

/** The bulletin's number (期号): the period's place in its year — a quarter's bulletin is the year's 1st to 4th. */
function issueNumber(key: string): { year: string; n: number } {
  const n = /(?:Q|H|-)(\d+)$/.exec(key)?.[1];
  return { year: key.slice(0, 4), n: n ? Number(n) : 1 };
}

/** The bulletins (通报) of a plan, one period at a time: pick the period, print it on A4, or download it as .xlsx. */
export default function BulletinPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { planId = '', periodKey } = useParams();
  const dashboard = useApi<Dashboard>(`/dashboard/plans/${planId}`);
  const bulletin = useApi<Bulletin>(periodKey ? `/bulletins/plans/${planId}/periods/${periodKey}` : null);
  const [downloading, setDownloading] = useState(false);
  const periods = [...(dashboard.data?.trend ?? [])].reverse().map((p) => p.periodKey);

  if (!periodKey && dashboard.data) {
    return periods[0] ? <Navigate to={`/bulletins/${planId}/${periods[0]}`} replace /> : <Empty description={t('bulletin.noPeriods')} />;
  }

  const download = async () => {
    if (!periodKey) return;
    setDownloading(true);
    try {
      const name = await downloadFile(`/bulletins/plans/${planId}/periods/${periodKey}?format=xlsx`, `bulletin-${periodKey}.xlsx`);
      message.success(t('bulletin.downloaded', { name }));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setDownloading(false);
    }
  };

  const b = bulletin.data?.periodKey === periodKey ? bulletin.data : undefined;
  return (
    <>
      <div className="bulletin-toolbar no-print">
        <Link to={`/leader?plan=${planId}`}>{t('bulletin.back')}</Link>
        <Space wrap>
          <label htmlFor="bulletin-period">{t('bulletin.period')}</label>
          <Select
            id="bulletin-period"
            data-testid="bulletin-period"
            value={periodKey}
            style={{ minWidth: 180 }}
            loading={dashboard.loading}
            options={periods.map((key) => ({ value: key, label: `${periodLabel(t, key)}（${key}）` }))}
            onChange={(key: string) => navigate(`/bulletins/${planId}/${key}`)}
          />
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!b} data-testid="print-bulletin">
            {t('bulletin.print')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => void download()} loading={downloading} disabled={!b} data-testid="download-bulletin">
            {t('bulletin.download')}
          </Button>
        </Space>
      </div>
      <LoadError error={dashboard.error ?? bulletin.error} />
      {b ? <BulletinDocument b={b} /> : !bulletin.error && <Skeleton active />}
    </>
  );
}

/** The bulletin in the formal layout of a 通报: masthead, number and date, red rule, title, summary, numbered sections. */
function BulletinDocument({ b }: { b: Bulletin }) {
  const { t } = useTranslation();
  const generated = formatTime(b.generatedAt);
  const [y, m, d] = generated.slice(0, 10).split('-');
  const { year, n } = issueNumber(b.periodKey);
  const c = (key: string) => t(`bulletin.columns.${key}`);
  const state = (s: string) => t(`periodState.${s}`, { defaultValue: s });
  const unitLines = (units: Bulletin['onTimeUnits']) => units.flatMap((u) => u.items.map((i: BulletinUnitItem) => ({ unitName: u.unitName, ...i })));
  const reason = (e: Bulletin['escalatedItems'][number]) =>
    e.reason === 'escalation' && e.level !== null ? t('bulletin.escalatedTo', { level: e.level + 1 }) : t(`leader.reason.${e.reason}`);

  const lineTable = (rows: ReturnType<typeof unitLines>, testId: string) =>
    rows.length === 0 ? (
      <p>{t('common.none')}</p>
    ) : (
      <table data-testid={testId}>
        <thead>
          <tr>
            <th>{c('unit')}</th>
            <th>{c('item')}</th>
            <th>{c('title')}</th>
            <th>{c('dueOn')}</th>
            <th>{c('submittedOn')}</th>
            <th>{c('state')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.unitName}-${r.itemCode}`}>
              <td>{r.unitName}</td>
              <td className="num">{r.itemCode}</td>
              <td>{r.itemTitle}</td>
              <td className="num">{r.dueOn}</td>
              <td className="num">{r.submittedOn ?? t('bulletin.notSubmitted')}</td>
              <td>{state(r.periodState)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );

  return (
    <article className="bulletin-doc" data-testid="bulletin-doc" data-period={b.periodKey}>
      <header className="bulletin-masthead">
        <div className="bulletin-masthead-title">{t('bulletin.masthead')}</div>
        <div className="bulletin-issue">
          <span className="num" data-testid="bulletin-number">
            {t('bulletin.number', { year, n })}
          </span>
          <span className="num" data-testid="bulletin-date">
            {t('bulletin.date', { y, m: Number(m), d: Number(d) })}
          </span>
        </div>
      </header>
      <h1 className="bulletin-title">{t('bulletin.docTitle', { plan: b.plan.title, period: periodLabel(t, b.periodKey) })}</h1>
      <p className="bulletin-lead" data-testid="bulletin-summary">
        {t('bulletin.summary', { due: b.due, onTime: b.onTime, late: b.late, rate: percent(b.onTimeRate) })}
      </p>
      <section>
        <h2>{t('bulletin.sections.onTime')}</h2>
        {lineTable(unitLines(b.onTimeUnits), 'bulletin-on-time')}
      </section>
      <section>
        <h2>{t('bulletin.sections.late')}</h2>
        {lineTable(unitLines(b.lateUnits), 'bulletin-late')}
      </section>
      <section>
        <h2>{t('bulletin.sections.escalated')}</h2>
        {b.escalatedItems.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <table data-testid="bulletin-escalated">
            <thead>
              <tr>
                <th>{c('item')}</th>
                <th>{c('title')}</th>
                <th>{c('unit')}</th>
                <th>{c('reason')}</th>
              </tr>
            </thead>
            <tbody>
              {b.escalatedItems.map((e) => (
                <tr key={e.itemId}>
                  <td className="num">{e.itemCode}</td>
                  <td>{e.itemTitle}</td>
                  <td>{e.unitName}</td>
                  <td>{reason(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section>
        <h2>{t('bulletin.sections.targets')}</h2>
        {b.targets.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <table data-testid="bulletin-targets">
            <thead>
              <tr>
                <th>{c('item')}</th>
                <th>{c('indicator')}</th>
                <th>{c('goal')}</th>
                <th>{c('latest')}</th>
                <th>{c('progress')}</th>
              </tr>
            </thead>
            <tbody>
              {b.targets.map((x) => (
                <tr key={`${x.itemId}-${x.indicator}-${x.year ?? ''}`}>
                  <td className="num">{x.itemCode}</td>
                  <td>{x.indicator}</td>
                  <td className="num">{x.goal === null ? '—' : `${x.goal}${x.unit}`}</td>
                  <td className="num">{x.latestValue === null ? '—' : `${x.latestValue}${x.unit}`}</td>
                  <td className="num">{percent(x.progress)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <footer className="bulletin-footer">
        <span>{t('bulletin.planCode', { code: b.plan.code })}</span>
        <span className="num" data-testid="bulletin-generated">
          {t('bulletin.generatedAt', { at: generated })}
        </span>
      </footer>
    </article>
  );
}
