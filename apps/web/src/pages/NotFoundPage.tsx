import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return <Result status="404" title="404" extra={<Link to="/">{t('nav.home')}</Link>} />;
}
