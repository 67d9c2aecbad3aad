import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ZoneKey } from '../../../shared/docLayout';
import { zoneHeading } from '../../../shared/zoneHeadings';

/** Zone names for UI sentences ("Spotlight on …"), in the UI language (the page keeps its own). */
export function useZoneHeading(): (zone: ZoneKey) => string {
  const { i18n } = useTranslation();
  const language = (i18n.resolvedLanguage ?? i18n.language)?.startsWith('en') ? 'en' : 'nl';
  return useCallback((zone: ZoneKey) => zoneHeading(language, zone), [language]);
}
