import { CloseCode } from '../../../shared/protocol';
import { t } from '../i18n/strings';

const MESSAGES: Record<number, string> = {
  [CloseCode.unauthorized.code]: t.closedUnauthorized,
  [CloseCode.notFound.code]: t.closedNotFound,
  [CloseCode.tooLarge.code]: t.closedTooLarge,
  [CloseCode.malformed.code]: t.closedMalformed,
  [CloseCode.forbiddenOrigin.code]: t.closedOrigin,
};

/** Why the server ended the connection for good, in words, with a way forward. */
export function ClosedBanner({ code }: { code: number }) {
  return (
    <div className="banner banner--error" role="alert" data-testid="closed-banner" data-code={code}>
      <span>{MESSAGES[code] ?? t.closedMalformed}</span>
      <button type="button" className="button button--quiet" onClick={() => window.location.reload()}>
        {t.reload}
      </button>
    </div>
  );
}
