import type { Language } from '../../../shared/docLayout';
import { BODY_SIZE_PT } from '../../../shared/pdf/typeScale';
import { zoneHeading } from '../../../shared/zoneHeadings';
import { t } from '../i18n/strings';
import type { Fit } from './useFitScale';

/** Says, before anyone prints, that the A4 only fits with type below a readable size. */
export function FitWarning({ fit, language }: { fit: Fit; language: Language }) {
  if (!fit.tooSmall) return null;
  const size = (BODY_SIZE_PT * fit.scale).toLocaleString(undefined, { maximumFractionDigits: 1 });
  const zones = fit.fullestZones.map((zone) => zoneHeading(language, zone));
  return (
    <div className="banner banner--warning" role="status" data-testid="fit-warning">
      {t.fitWarning(size, zones)}
    </div>
  );
}
