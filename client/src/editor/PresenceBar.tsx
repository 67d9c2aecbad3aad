import type { WebsocketProvider } from 'y-websocket';
import { useAwarenessUsers, type PresentUser } from '../collab/useAwarenessUsers';
import { initials } from '../lib/identity';
import { useTranslation } from '../i18n/useTranslation';
import { PresenceAnnouncer } from '../a11y/PresenceAnnouncer';
import { PresenceList } from '../session/PresenceList';

/** A workshop has 8-12 people; past this many the rest are summed up as "+n". */
const MAX_SHOWN = 8;

/** Who is here: one avatar per connected person, in their caret colour, and the full list. */
export function PresenceBar({ provider, onEditName }: { provider: WebsocketProvider; onEditName: () => void }) {
  const { t } = useTranslation();
  const users = useAwarenessUsers(provider);
  const shown = users.slice(0, MAX_SHOWN);
  const hidden = users.slice(MAX_SHOWN);
  const nameOf = (user: PresentUser) => (user.away ? t('nameAway', { name: user.name }) : user.name);
  return (
    <>
      <PresenceAnnouncer users={users} />
      <ul className="presence" aria-label={t('whoIsHere')} data-testid="presence">
        {shown.map((user) => (
          <li key={user.clientId}>
            {user.self ? (
              <button type="button" className="avatar avatar--self" style={{ backgroundColor: user.color }} title={`${user.name} (${t('you')}) – ${t('changeName')}`} onClick={onEditName}>
                {/* The name is the button's accessible name; the initials are only its face. */}
                <span aria-hidden="true">{initials(user.name)}</span>
                <span className="visually-hidden">{`${user.name} (${t('you')}), ${t('changeName')}`}</span>
              </button>
            ) : (
              <span className={`avatar${user.away ? ' avatar--away' : ''}`} style={{ backgroundColor: user.color }} title={nameOf(user)} role="img" aria-label={nameOf(user)}>
                {initials(user.name)}
              </span>
            )}
          </li>
        ))}
        {hidden.length > 0 ? (
          <li>
            <span className="avatar avatar--more" title={hidden.map(nameOf).join(', ')} role="img" aria-label={hidden.map(nameOf).join(', ')}>
              +{hidden.length}
            </span>
          </li>
        ) : null}
      </ul>
      <PresenceList users={users} onEditName={onEditName} />
    </>
  );
}
