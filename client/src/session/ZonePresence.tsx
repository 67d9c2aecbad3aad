import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import type { WebsocketProvider } from 'y-websocket';
import type { ZoneKey } from '../../../shared/docLayout';
import { useAwarenessUsers, type PresentUser } from '../collab/useAwarenessUsers';
import { initials } from '../lib/identity';

const ZonePresenceContext = createContext<PresentUser[] | null>(null);

/** Makes who-is-where available to the zones of one page (disabled: no markers, e.g. print). */
export function ZonePresenceProvider({ provider, enabled, children }: { provider: WebsocketProvider; enabled: boolean; children: ReactNode }) {
  const users = useAwarenessUsers(provider);
  return <ZonePresenceContext.Provider value={enabled ? users : null}>{children}</ZonePresenceContext.Provider>;
}

/** A few more would crowd the heading; the rest are counted. */
const MAX_MARKERS = 4;

/** Small initials beside a zone's heading: the others editing in this zone now. */
export function ZoneMarkers({ zone }: { zone: ZoneKey }) {
  const { t } = useTranslation();
  const users = useContext(ZonePresenceContext);
  const here = (users ?? []).filter((user) => !user.self && user.zone === zone);
  if (here.length === 0) return null;
  const names = here.map((user) => user.name);
  return (
    <span className="zone-markers no-print" role="img" aria-label={t('zoneMarkers', { names })} data-testid={`zone-markers-${zone}`}>
      {here.slice(0, MAX_MARKERS).map((user) => (
        <span key={user.clientId} className="zone-marker" style={{ backgroundColor: user.color }} title={user.name} aria-hidden="true">
          {initials(user.name)}
        </span>
      ))}
      {here.length > MAX_MARKERS ? (
        <span className="zone-marker zone-marker--more" aria-hidden="true">
          +{here.length - MAX_MARKERS}
        </span>
      ) : null}
    </span>
  );
}
