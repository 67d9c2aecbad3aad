import { createContext, useContext } from 'react';
import type { ZoneKey } from '../../../shared/zones';
import { useTranslation } from '../i18n/useTranslation';

interface ZoneRoundsValue {
  /** Closed rounds per zone. */
  closed: Partial<Record<ZoneKey, number>>;
  open: (zone: ZoneKey) => void;
}

/** The editor page's rounds for the zones' headings; absent on the projector and in print. */
export const ZoneRoundsContext = createContext<ZoneRoundsValue | null>(null);

/** "3 rondes" beside a zone's heading: opens that zone's earlier rounds. Never printed. */
export function ZoneRounds({ zone }: { zone: ZoneKey }) {
  const { t } = useTranslation();
  const value = useContext(ZoneRoundsContext);
  const count = value?.closed[zone] ?? 0;
  if (!value || count === 0) return null;
  return (
    <button type="button" className="zone-rounds no-print" onClick={() => value.open(zone)} aria-haspopup="true" data-testid="zone-rounds">
      {count === 1 ? t('roundHistoryOne') : t('roundHistoryMany', { count })}
    </button>
  );
}
