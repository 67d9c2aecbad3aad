import type { ConnectionStatus } from '../collab/useCollabSession';
import { t } from '../i18n/strings';

export type BadgeStatus = ConnectionStatus | 'closed';

const LABEL: Record<BadgeStatus, string> = {
  connected: t.statusConnected,
  connecting: t.statusConnecting,
  offline: t.statusOffline,
  closed: t.statusClosed,
};

/** The connection state in words, not only a colour. */
export function ConnectionBadge({ status }: { status: BadgeStatus }) {
  return (
    <span className={`connection connection--${status}`} role="status" data-testid="connection-status" data-status={status}>
      <span className="connection__dot" aria-hidden="true" />
      {LABEL[status]}
    </span>
  );
}
