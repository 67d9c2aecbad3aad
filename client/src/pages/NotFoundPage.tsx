import { useTranslation } from '../i18n/useTranslation';
import { ErrorPage } from './ErrorPage';

export function NotFoundPage() {
  const { t } = useTranslation();
  return <ErrorPage message={t('pageNotFound')} />;
}
