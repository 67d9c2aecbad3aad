import { CloseCode } from '../../../shared/protocol';
import { useTranslation } from '../i18n/useTranslation';
import type { MessageKey } from '../i18n/i18n';

const MESSAGES: Record<number, MessageKey> = {
  [CloseCode.unauthorized.code]: 'closedUnauthorized',
  [CloseCode.notFound.code]: 'closedNotFound',
  [CloseCode.canvasTooLarge.code]: 'closedTooLarge',
  [CloseCode.malformed.code]: 'closedMalformed',
  [CloseCode.forbiddenOrigin.code]: 'closedOrigin',
};

/** Why the server ended the connection for good, in words, with a way forward. */
export function ClosedBanner({ code }: { code: number }) {
  const { t } = useTranslation();
  return (
    <div className="banner banner--error" role="alert" data-testid="closed-banner" data-code={code}>
      <span>{t(MESSAGES[code] ?? 'closedMalformed')}</span>
      <button type="button" className="button button--quiet" onClick={() => window.location.reload()}>
        {t('reload')}
      </button>
    </div>
  );
}
