import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import type { ConnectionStatus } from '../collab/useCollabSession';
import type { MessageKey } from '../i18n/i18n';

/**
 * What the badge says. For someone who can edit: `saved` only once the server confirmed it
 * stored everything this device has (Stip's `stored` message); `saving` while it has not;
 * offline or connecting, the changes are kept on this device. Read-only, only the connection.
 */
export type SaveStatus = 'closed' | 'offline' | 'connecting' | 'saving' | 'notStoring' | 'saved' | 'connected';

export interface SaveFacts {
  status: ConnectionStatus;
  closed: boolean;
  editable: boolean;
  /** Local changes the server has not confirmed. */
  unstored: boolean;
  /** The server confirmed storing everything this device has. */
  stored: boolean;
  /** The server said it cannot store now (a full disk); what is typed stays on this device. */
  serverCannotStore: boolean;
}

export function saveStatus({ status, closed, editable, unstored, stored, serverCannotStore }: SaveFacts): SaveStatus {
  if (closed) return 'closed';
  if (status !== 'connected') return status;
  if (!editable) return 'connected';
  if (stored) return 'saved';
  if (serverCannotStore) return 'notStoring';
  // Just connected with nothing new: still exchanging what each side has.
  return unstored ? 'saving' : 'connecting';
}

function label(status: SaveStatus, editable: boolean, unstored: boolean): MessageKey {
  switch (status) {
    case 'closed':
      return 'statusClosed';
    case 'offline':
      return editable ? 'statusOfflineKept' : 'statusOffline';
    case 'connecting':
      return editable && unstored ? 'statusConnectingKept' : 'statusConnecting';
    case 'saving':
      return 'statusSaving';
    case 'notStoring':
      return 'statusNotStoring';
    case 'saved':
      return 'statusSaved';
    case 'connected':
      return 'statusConnected';
  }
}

/** A state must hold this long before a screen reader hears it: typing flips saving/saved. */
const ANNOUNCE_AFTER_MS = 1500;

/**
 * The connection and save state in words, not only a colour. The visible text follows at once;
 * screen readers hear a change once it has held for a moment, and never "saving".
 */
export function ConnectionBadge(facts: SaveFacts) {
  const { t } = useTranslation();
  const status = saveStatus(facts);
  const text = t(label(status, facts.editable, facts.unstored));
  // A page that opens connected and saved is not news; every other state that holds is told.
  const settled = useRef<string | null>(null);
  const [announced, setAnnounced] = useState('');
  useEffect(() => {
    if (status === 'saving') return undefined;
    const timer = setTimeout(() => {
      const news = settled.current === null ? status !== 'saved' && status !== 'connected' : settled.current !== text;
      if (news) setAnnounced(text);
      settled.current = text;
    }, ANNOUNCE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [status, text]);
  return (
    <>
      <span className={`connection connection--${status}`} data-testid="connection-status" data-status={facts.closed ? 'closed' : facts.status} data-save={status}>
        <span className="connection__dot" aria-hidden="true" />
        {text}
      </span>
      <span className="visually-hidden" role="status" data-testid="save-announcer">
        {announced}
      </span>
    </>
  );
}
