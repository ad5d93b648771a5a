import { useState } from 'react';
import { App, Badge, Button, Card, Empty, List, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { post } from '../api';
import { LoadError, PageTitle } from '../components/common';
import { formatTime, useApi } from '../hooks';
import type { Notification } from '../types';

function changed() {
  window.dispatchEvent(new Event('duban:inbox-changed'));
}

/** My notifications, newest first: reminders, returns, urges, notices. */
export default function InboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useApi<{ rows: Notification[]; nextCursor: string | null }>(`/inbox?limit=200${unreadOnly ? '&unread=true' : ''}`);

  const markRead = async (n: Notification) => {
    if (n.readAt) return;
    await post(`/inbox/${n.id}/read`).catch((e: unknown) => message.error(String(e)));
    inbox.reload();
    changed();
  };

  return (
    <>
      <PageTitle
        title={t('inbox.title')}
        extra={
          <Space>
            <label>
              <Switch size="small" checked={unreadOnly} onChange={setUnreadOnly} /> {t('inbox.unreadOnly')}
            </label>
            <Button
              size="small"
              onClick={async () => {
                await post('/inbox/read-all');
                inbox.reload();
                changed();
              }}
            >
              {t('inbox.markAll')}
            </Button>
          </Space>
        }
      />
      <LoadError error={inbox.error} retry={inbox.reload} />
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <List
          loading={inbox.loading && !inbox.data}
          dataSource={inbox.data?.rows ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} /> }}
          renderItem={(n) => (
            <List.Item
              style={{ padding: '10px 16px', background: n.readAt ? undefined : '#f6f9fe' }}
              actions={[
                n.itemId && (
                  <Link key="item" to={`/items/${n.itemId}`} onClick={() => void markRead(n)}>
                    {t('inbox.openItem')}
                  </Link>
                ),
                !n.readAt && (
                  <Button key="read" type="link" size="small" onClick={() => void markRead(n)}>
                    {t('inbox.markRead')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    {!n.readAt && <Badge status="processing" text={<span className="sr-only">{t('inbox.unread')}</span>} />}
                    <Tag color={/returned|escalation/.test(n.kind) ? 'red' : /reminder/.test(n.kind) ? 'orange' : 'blue'}>
                      {t(`action.${n.kind}`, { defaultValue: n.kind })}
                    </Tag>
                    <span style={{ fontWeight: n.readAt ? 400 : 600 }}>{n.subject}</span>
                  </Space>
                }
                description={
                  <>
                    <Typography.Paragraph style={{ marginBottom: 2, whiteSpace: 'pre-wrap', color: '#434343' }}>{n.body}</Typography.Paragraph>
                    <span className="num" style={{ fontSize: 12 }}>
                      {formatTime(n.createdAt)}
                      {n.periodKey ? ` · ${n.periodKey}` : ''}
                    </span>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
