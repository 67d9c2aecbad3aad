import { Link } from 'wouter';
import { useTranslation } from '../i18n/useTranslation';

export function ErrorPage({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <main className="centered">
      <div className="card card--narrow" role="alert">
        <h1 className="card__title">{t('appName')}</h1>
        <p>{message}</p>
        <Link href="/" className="button button--primary">
          {t('backHome')}
        </Link>
      </div>
    </main>
  );
}
