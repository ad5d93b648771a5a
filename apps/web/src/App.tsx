import { lazy, Suspense, useEffect, useState } from 'react';
import { App as AntApp, Badge, Button, ConfigProvider, Drawer, Grid, Layout, Menu, Spin, Tooltip } from 'antd';
import {
  BellOutlined,
  DashboardOutlined,
  AuditOutlined,
  FormOutlined,
  CrownOutlined,
  ImportOutlined,
  MenuOutlined,
  LogoutOutlined,
  GlobalOutlined,
  HistoryOutlined,
} from '@ant-design/icons';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { get } from './api';
import { AuthProvider, homeOf, useAuth } from './auth';
import { LOCALE_KEY, type Locale } from './i18n';
import { PAGES, SHELL_ROUTES, lazyPage, loadPage, type PageName } from './routes';
import type { Role } from './types';

const PAGE = {} as Record<PageName, React.LazyExoticComponent<React.ComponentType>>;
for (const name of Object.keys(PAGES) as PageName[]) PAGE[name] = lazy(lazyPage(name));
// The 404 page's illustration is bulky, and rarely needed.
const NotFound = lazy(() => import('./pages/NotFoundPage'));

/**
 * Once the first page is up and has been idle a while, fetch the other pages so moving between them is instant. Not
 * sooner: evaluating every page's code while the first one still waits for its data would hold that page back.
 */
function usePrefetchPages(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    // Safari has no requestIdleCallback: a timer does there.
    const hasIdle = typeof window.requestIdleCallback === 'function';
    const prefetch = () => (Object.keys(PAGES) as PageName[]).forEach((name) => void loadPage(name).catch(() => undefined));
    let idle: number | undefined;
    const timer = setTimeout(() => (hasIdle ? (idle = window.requestIdleCallback(prefetch, { timeout: 5000 })) : prefetch()), 3000);
    return () => {
      clearTimeout(timer);
      if (idle !== undefined) window.cancelIdleCallback(idle);
    };
  }, [enabled]);
}

const theme = {
  token: {
    colorPrimary: '#1f4e8c',
    colorError: '#c4161c',
    colorWarning: '#ad6800',
    // Secondary text dark enough for WCAG AA on white (antd's default is 3.4:1).
    colorTextSecondary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.55)',
    colorSuccess: '#237804',
    borderRadius: 4,
    fontSize: 14,
    fontFamily:
      "-apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Table: { cellPaddingBlockSM: 6, headerBg: '#f5f7fa', rowSelectedBg: '#eef4fb', rowSelectedHoverBg: '#e1ecf8', rowHoverBg: '#f5f8fc' },
    Card: { headerFontSize: 15 },
    Menu: { itemSelectedBg: '#e6f0fb', itemSelectedColor: '#1f4e8c', itemBorderRadius: 2 },
  },
};

interface NavEntry {
  path: string;
  key: string;
  icon: React.ReactNode;
  roles: Role[];
}

const NAV: NavEntry[] = [
  { path: '/dashboard', key: 'nav.dashboard', icon: <DashboardOutlined />, roles: ['supervisor', 'leader'] },
  { path: '/queue', key: 'nav.queue', icon: <AuditOutlined />, roles: ['supervisor', 'leader'] },
  { path: '/my', key: 'nav.myItems', icon: <FormOutlined />, roles: ['reporter', 'unit-head'] },
  { path: '/history', key: 'nav.history', icon: <HistoryOutlined />, roles: ['reporter', 'unit-head'] },
  { path: '/leader', key: 'nav.leader', icon: <CrownOutlined />, roles: ['leader', 'supervisor'] },
  { path: '/import', key: 'nav.import', icon: <ImportOutlined />, roles: ['supervisor'] },
  {
    path: '/inbox',
    key: 'nav.inbox',
    icon: <BellOutlined />,
    roles: ['reporter', 'unit-head', 'supervisor', 'leader', 'system-admin', 'security-admin', 'audit-admin'],
  },
];

export function App() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? enUS : zhCN;
  useEffect(() => {
    dayjs.locale(i18n.language === 'en' ? 'en' : 'zh-cn');
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);
  return (
    <ConfigProvider locale={locale} theme={theme} componentSize="middle">
      <AntApp>
        <AuthProvider>
          <Routes>
            <Route
              path="/sign-in"
              element={
                <Suspense fallback={null}>
                  <PAGE.signIn />
                </Suspense>
              }
            />
            <Route path="/*" element={<Shell />} />
          </Routes>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

function useUnreadCount(enabled: boolean): number {
  const [count, setCount] = useState(0);
  const location = useLocation();
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    const load = () =>
      get<{ unread: number } | number>('/inbox/unread-count')
        .then((r) => alive && setCount(typeof r === 'number' ? r : (r.unread ?? 0)))
        .catch(() => undefined);
    void load();
    const timer = setInterval(() => void load(), 30_000);
    const onRead = () => void load();
    window.addEventListener('duban:inbox-changed', onRead);
    return () => {
      alive = false;
      clearInterval(timer);
      window.removeEventListener('duban:inbox-changed', onRead);
    };
  }, [enabled, location.pathname]);
  return count;
}

function Shell() {
  const { person, signOut } = useAuth();
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [drawer, setDrawer] = useState(false);
  const unread = useUnreadCount(!!person);
  usePrefetchPages(!!person);
  if (!person || person.mustChangePassword) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;

  const entries = NAV.filter((n) => n.roles.includes(person.role));
  const selected = entries.find((e) => location.pathname.startsWith(e.path))?.path;
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={entries.map((e) => ({
        key: e.path,
        icon: e.icon,
        label: (
          <Link to={e.path}>
            {e.path === '/inbox' ? (
              <Badge count={unread} size="small" offset={[10, 0]}>
                {t(e.key)}
              </Badge>
            ) : (
              t(e.key)
            )}
          </Link>
        ),
      }))}
      onClick={() => setDrawer(false)}
      style={{ borderInlineEnd: 0 }}
    />
  );
  const switchLocale = () => {
    const next: Locale = i18n.language === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem(LOCALE_KEY, next);
    void i18n.changeLanguage(next);
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Layout.Header className="duban-header" role="banner">
        {narrow && <Button type="text" icon={<MenuOutlined />} aria-label={t('app.menu')} onClick={() => setDrawer(true)} />}
        <Link to={homeOf(person.role)} className="brand" aria-label={t('app.fullName')}>
          <span className="seal" aria-hidden>
            督
          </span>
          <span>{t('app.name')}</span>
          <span className="sub">{t('app.fullName')}</span>
        </Link>
        <span className="spacer" />
        <span className="who">
          {person.username} · {t(`role.${person.role}`)}
        </span>
        <Tooltip title={t('app.inbox')}>
          <Button type="text" aria-label={`${t('app.inbox')}${unread ? ` (${unread})` : ''}`} onClick={() => navigate('/inbox')} data-testid="inbox-button">
            <Badge count={unread} size="small" overflowCount={99} data-testid="unread-count">
              <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
            </Badge>
          </Button>
        </Tooltip>
        <Button type="text" icon={<GlobalOutlined />} onClick={switchLocale} lang={i18n.language === 'en' ? 'zh-CN' : 'en'}>
          {t('app.language')}
        </Button>
        <Button
          type="text"
          icon={<LogoutOutlined />}
          onClick={() => {
            signOut();
            void navigate('/sign-in');
          }}
          aria-label={t('app.signOut')}
        >
          {narrow ? null : t('app.signOut')}
        </Button>
      </Layout.Header>
      <Layout>
        {narrow ? (
          <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" width={220} title={t('app.fullName')} styles={{ body: { padding: 0 } }}>
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider width={176} theme="light" style={{ borderRight: '1px solid #e8e8e8' }} role="navigation" aria-label={t('app.menu')}>
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content id="main" role="main" tabIndex={-1} className="duban-content">
          <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
            <Routes>
              <Route index element={<Navigate to={homeOf(person.role)} replace />} />
              {SHELL_ROUTES.map(({ path, page }) => {
                const Page = PAGE[page];
                return <Route key={path} path={path} element={<Page />} />;
              })}
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
