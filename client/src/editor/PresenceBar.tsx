import type { WebsocketProvider } from 'y-websocket';
import { useAwarenessUsers } from '../collab/useAwarenessUsers';
import { initials } from '../lib/identity';
import { t } from '../i18n/strings';

/** Who is here: one avatar per connected person, in their caret colour. */
export function PresenceBar({ provider, onEditName }: { provider: WebsocketProvider; onEditName: () => void }) {
  const users = useAwarenessUsers(provider);
  return (
    <ul className="presence" aria-label={t.whoIsHere} data-testid="presence">
      {users.map((user) => (
        <li key={user.clientId}>
          {user.self ? (
            <button type="button" className="avatar avatar--self" style={{ backgroundColor: user.color }} title={`${user.name} (${t.you}) – ${t.changeName}`} aria-label={`${user.name} (${t.you}), ${t.changeName}`} onClick={onEditName}>
              {initials(user.name)}
            </button>
          ) : (
            <span className="avatar" style={{ backgroundColor: user.color }} title={user.name} aria-label={user.name}>
              {initials(user.name)}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
