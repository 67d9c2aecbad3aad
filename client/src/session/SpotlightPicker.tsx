import { useTranslation } from '../i18n/useTranslation';
import type * as Y from 'yjs';
import { ZONE_KEYS, type ZoneKey } from '../../../shared/docLayout';
import { setSpotlight } from '../../../shared/session';
import { useZoneHeading } from './useZoneHeading';

/** The facilitator's spotlight choice: the whole page or one zone (keys 0-4 in the projector view). */
export function SpotlightPicker({ doc, spotlight, id = 'spotlight-picker' }: { doc: Y.Doc; spotlight: ZoneKey | null; id?: string }) {
  const { t } = useTranslation();
  const heading = useZoneHeading();
  return (
    <span className="spotlight-picker">
      <label htmlFor={id}>{t('spotlight')}</label>
      <select
        id={id}
        className="select"
        value={spotlight ?? ''}
        onChange={(event) => setSpotlight(doc, (event.target.value || null) as ZoneKey | null)}
        data-testid="spotlight-picker"
      >
        <option value="">{t('spotlightWholePage')}</option>
        {ZONE_KEYS.map((zone, index) => (
          <option key={zone} value={zone}>{`${index + 1}. ${heading(zone)}`}</option>
        ))}
      </select>
    </span>
  );
}
