import { useState } from 'react';
import { Alert, Button, Card, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api';
import { homeOf, useAuth } from '../auth';

/** Why sign-in failed, in the person's words: a lock (429) and a disabled account (403) are said as such. */
function failureText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError && err.status === 429) return t('signIn.locked', { seconds: (err.body as { retryAfter?: number } | null)?.retryAfter ?? '' });
  if (err instanceof ApiError && err.status === 403) return t('signIn.disabled');
  return t('signIn.failed');
}

export default function SignInPage() {
  const { t } = useTranslation();
  const { person, signIn, changePassword } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (person && !person.mustChangePassword) return <Navigate to={homeOf(person.role)} replace />;
  const changing = !!person?.mustChangePassword;

  const onFinish = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const me = await signIn(values.username.trim(), values.password);
      if (me.mustChangePassword) return;
      const from = (location.state as { from?: string } | null)?.from;
      void navigate(from && from !== '/' ? from : homeOf(me.role), { replace: true });
    } catch (err) {
      setError(failureText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const onChange = async (values: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const me = await changePassword(values.currentPassword, values.newPassword);
      void navigate(homeOf(me.role), { replace: true });
    } catch (err) {
      setError(t('signIn.changeFailed', { reason: err instanceof Error ? err.message : '' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        background: 'linear-gradient(180deg, #1f4e8c 0, #1f4e8c 260px, #f0f2f5 260px)',
        padding: '72px 16px 16px',
        boxSizing: 'border-box',
      }}
    >
      <div style={{ width: 380, maxWidth: '100%' }}>
        <div style={{ textAlign: 'center', color: '#fff', marginBottom: 20 }}>
          <div
            style={{
              display: 'inline-flex',
              width: 48,
              height: 48,
              borderRadius: 6,
              background: '#c4161c',
              alignItems: 'center',
              justifyContent: 'center',
              fontSize: 26,
              fontWeight: 700,
            }}
            aria-hidden
          >
            督
          </div>
          <h1 style={{ color: '#fff', fontSize: 24, margin: '12px 0 4px', letterSpacing: 2 }}>{t('signIn.title')}</h1>
          <div style={{ opacity: 0.85 }}>{t('signIn.subtitle')}</div>
        </div>
        <Card>
          {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} role="alert" />}
          {changing && (
            <Form layout="vertical" onFinish={(v: { currentPassword: string; newPassword: string }) => void onChange(v)} requiredMark={false}>
              <Alert type="warning" title={t('signIn.mustChange')} showIcon style={{ marginBottom: 16 }} />
              <Form.Item
                label={t('signIn.currentPassword')}
                name="currentPassword"
                rules={[{ required: true, message: t('signIn.required', { field: t('signIn.currentPassword') }) }]}
              >
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="currentPassword" />
              </Form.Item>
              <Form.Item
                label={t('signIn.newPassword')}
                name="newPassword"
                rules={[{ required: true, message: t('signIn.required', { field: t('signIn.newPassword') }) }]}
              >
                <Input.Password prefix={<LockOutlined />} autoComplete="new-password" id="newPassword" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy} size="large">
                {t('signIn.change')}
              </Button>
            </Form>
          )}
          <Form hidden={changing} layout="vertical" onFinish={(v: { username: string; password: string }) => void onFinish(v)} requiredMark={false}>
            <Form.Item
              label={t('signIn.username')}
              name="username"
              rules={[{ required: true, message: t('signIn.required', { field: t('signIn.username') }) }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus id="username" />
            </Form.Item>
            <Form.Item
              label={t('signIn.password')}
              name="password"
              rules={[{ required: true, message: t('signIn.required', { field: t('signIn.password') }) }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} size="large">
              {t('signIn.submit')}
            </Button>
          </Form>
        </Card>
        <p style={{ textAlign: 'center', color: '#666', fontSize: 12, marginTop: 16 }}>{t('signIn.footer')}</p>
      </div>
    </main>
  );
}
