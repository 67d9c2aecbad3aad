import { t } from '../i18n/strings';
import { ErrorPage } from './ErrorPage';

export function NotFoundPage() {
  return <ErrorPage message={t.pageNotFound} />;
}
