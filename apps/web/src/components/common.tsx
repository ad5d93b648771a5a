import { Alert, Button, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Colour } from '../types';

export function ColourTag({ colour }: { colour: Colour }) {
  const { t } = useTranslation();
  const tone = colour === 'green' ? 'success' : colour === 'yellow' ? 'warning' : 'error';
  return (
    <Tag color={tone} data-colour={colour} style={{ marginInlineEnd: 0 }}>
      <span className={`dot ${colour}`} aria-hidden style={{ marginInlineEnd: 4, width: 8, height: 8 }} />
      {t(`colour.${colour}`)}
    </Tag>
  );
}

export function PageTitle({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <div className="page-title">
      <h1>{title}</h1>
      {extra}
    </div>
  );
}

export function LoadError({ error, retry }: { error: Error | undefined; retry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={t('app.error')}
      description={error.message}
      action={
        retry ? (
          <Button size="small" onClick={retry}>
            {t('app.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 12 }}
    />
  );
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`;
}
