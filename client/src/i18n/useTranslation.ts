import { useSyncExternalStore } from 'react';
import { appI18n, type Translation } from './i18n';

/** The UI's messages as `t`, and its language; the component renders again when the language changes. */
export function useTranslation(): Translation {
  return useSyncExternalStore(appI18n.subscribe, appI18n.current);
}
