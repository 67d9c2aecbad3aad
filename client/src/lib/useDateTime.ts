import { useMemo } from 'react';
import { useTranslation } from '../i18n/useTranslation';

/** Formats an ISO time as a date and time in the UI language (e.g. "22 nov 2026, 23:51"). */
export function useDateTime(): (iso: string) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
    return (iso: string) => format.format(new Date(iso));
  }, [i18n.language]);
}
