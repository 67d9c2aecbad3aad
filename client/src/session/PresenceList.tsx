import { useEffect, useRef } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import type { PresentUser } from '../collab/useAwarenessUsers';
import { initials } from '../lib/identity';
import { useZoneHeading } from './useZoneHeading';

/**
 * "Who is here" as a list of names: colour, initials, name, the zone each is in and who is
 * away, with "change name" beside your own. A disclosure, so it works by keyboard and on phones.
 */
export function PresenceList({ users, onEditName }: { users: PresentUser[]; onEditName: () => void }) {
  const { t } = useTranslation();
  const heading = useZoneHeading();
  const detailsRef = useRef<HTMLDetailsElement | null>(null);
  // Closes on Escape and on a click elsewhere, as a menu would.
  useEffect(() => {
    const close = (event: Event) => {
      const details = detailsRef.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !details.contains(event.target as Node)) {
        details.open = false;
        if (event instanceof KeyboardEvent) details.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, []);
  return (
    <details className="people" ref={detailsRef}>
      <summary className="people__toggle" data-testid="presence-toggle">
        <span aria-hidden="true">{users.length}</span>
        <span className="visually-hidden">{t('peopleHere', { count: users.length })}</span>
      </summary>
      <div className="people__panel">
        <h2 className="people__title">{t('peopleHere', { count: users.length })}</h2>
        <ul className="people__list" data-testid="presence-list">
          {users.map((user) => (
            <li key={user.clientId} className={`people__row${user.away ? ' people__row--away' : ''}`}>
              <span className="avatar avatar--small" style={{ backgroundColor: user.color }} aria-hidden="true">
                {initials(user.name)}
              </span>
              <span className="people__name">
                {user.name}
                {user.self ? ` (${t('you')})` : null}
                <span className="people__where">
                  {[user.zone ? t('presenceIn', { zone: heading(user.zone) }) : null, user.away ? t('away') : null].filter(Boolean).join(' · ')}
                </span>
              </span>
              {user.self ? (
                <button type="button" className="button button--quiet people__rename" onClick={onEditName}>
                  {t('changeName')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
