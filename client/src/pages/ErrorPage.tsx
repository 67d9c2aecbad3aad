import { Link } from 'wouter';
import { t } from '../i18n/strings';

export function ErrorPage({ message }: { message: string }) {
  return (
    <main className="centered">
      <div className="card card--narrow" role="alert">
        <h1 className="card__title">{t.appName}</h1>
        <p>{message}</p>
        <Link href="/" className="button button--primary">
          {t.backHome}
        </Link>
      </div>
    </main>
  );
}
