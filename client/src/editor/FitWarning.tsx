import type { Language } from '../../../shared/docLayout';
import { BODY_SIZE_PT } from '../../../shared/pdf/typeScale';
import { zoneHeading } from '../../../shared/zones';
import { useTranslation } from '../i18n/useTranslation';
import type { Fit } from './useFitScale';

/** Says, before anyone prints, that the A4 only fits with type below a readable size. */
export function FitWarning({ fit, language }: { fit: Fit; language: Language }) {
  const { t, i18n } = useTranslation();
  if (!fit.tooSmall) return null;
  const size = (BODY_SIZE_PT * fit.scale).toLocaleString(i18n.language, { maximumFractionDigits: 1 });
  const zones = fit.fullestZones.map((zone) => zoneHeading(language, zone));
  return (
    <div className="banner banner--warning" role="status" data-testid="fit-warning">
      {t('fitWarning', { size, zones })}
    </div>
  );
}
