import type { ConnectionStatus } from '../collab/useCollabSession';
import { useTranslation } from 'react-i18next';
import type { MessageKey } from '../i18n/i18n';

export type BadgeStatus = ConnectionStatus | 'closed';

const LABEL: Record<BadgeStatus, MessageKey> = {
  connected: 'statusConnected',
  connecting: 'statusConnecting',
  offline: 'statusOffline',
  closed: 'statusClosed',
};

/** The connection state in words, not only a colour. */
export function ConnectionBadge({ status }: { status: BadgeStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`connection connection--${status}`} role="status" data-testid="connection-status" data-status={status}>
      <span className="connection__dot" aria-hidden="true" />
      {t(LABEL[status])}
    </span>
  );
}
