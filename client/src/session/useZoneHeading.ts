import { useCallback } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import type { ZoneKey } from '../../../shared/docLayout';
import { zoneHeading } from '../../../shared/zones';

/** Zone names for UI sentences ("Spotlight on …"), in the UI language (the page keeps its own). */
export function useZoneHeading(): (zone: ZoneKey) => string {
  const language = useTranslation().i18n.resolvedLanguage;
  return useCallback((zone: ZoneKey) => zoneHeading(language, zone), [language]);
}
