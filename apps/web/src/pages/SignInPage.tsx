import { useState } from 'react';
import { Alert, Button, Card, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { homeOf, useAuth } from '../auth';

export default function SignInPage() {
  const { t } = useTranslation();
  const { person, signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (person) return <Navigate to={homeOf(person.role)} replace />;

  const onFinish = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const me = await signIn(values.username.trim(), values.password);
      const from = (location.state as { from?: string } | null)?.from;
      void navigate(from && from !== '/' ? from : homeOf(me.role), { replace: true });
    } catch {
      setError(t('signIn.failed'));
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
          <Form layout="vertical" onFinish={(v: { username: string; password: string }) => void onFinish(v)} requiredMark={false}>
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
