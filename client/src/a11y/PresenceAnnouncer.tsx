import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import type { PresentUser } from '../collab/useAwarenessUsers';

/** Joins and leaves within this window are told in one sentence, not one per person. */
const SETTLE_MS = 1500;

/**
 * Tells screen-reader users who joined or left, in a polite live region: only presence
 * changes, never keystrokes or caret moves (which also change awareness).
 */
export function PresenceAnnouncer({ users }: { users: PresentUser[] }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const known = useRef<Map<number, string> | null>(null);
  const pending = useRef<{ joined: Set<string>; left: Set<string> }>({ joined: new Set(), left: new Set() });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const current = new Map(users.filter((u) => !u.self).map((u) => [u.clientId, u.name]));
    const previous = known.current;
    known.current = current;
    // The people already here when the page opens are in the list; only changes are news.
    if (previous === null) return;
    for (const [id, name] of current) if (!previous.has(id)) pending.current.joined.add(name);
    for (const [id, name] of previous) if (!current.has(id)) pending.current.left.add(name);
    if (pending.current.joined.size === 0 && pending.current.left.size === 0) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const { joined, left } = pending.current;
      // Someone who reconnected within the window neither joined nor left.
      for (const name of joined) if (left.delete(name)) joined.delete(name);
      const parts = [
        joined.size > 0 ? t('peopleJoined', { names: [...joined] }) : '',
        left.size > 0 ? t('peopleLeft', { names: [...left] }) : '',
      ].filter(Boolean);
      pending.current = { joined: new Set(), left: new Set() };
      if (parts.length > 0) setMessage(parts.join(' '));
    }, SETTLE_MS);
  }, [users, t]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  return (
    <div className="visually-hidden" aria-live="polite" data-testid="presence-announcer">
      {message}
    </div>
  );
}
