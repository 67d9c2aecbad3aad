import i18next, { type BackendModule } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { nl } from './nl';

/** The UI's messages: every key of nl.ts, each a string (with {{placeholders}} where needed). */
export type Messages = { [K in keyof typeof nl]: string };

export type MessageKey = keyof Messages;

export const UI_LANGUAGES = ['nl', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** Where a language chosen by hand is remembered; otherwise the browser's language decides. */
const STORAGE_KEY = 'stip.uiLanguage';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export const i18n = i18next.createInstance();

/**
 * Dutch, the default and the fallback, is in the first download; English is a chunk of its
 * own, fetched when it is the language in use (i18next waits for it before switching).
 */
const otherLanguages: BackendModule = {
  type: 'backend',
  init() {},
  read(language, _namespace, callback) {
    if (language !== 'en') return callback(null, {});
    import('./en').then(
      (module) => callback(null, module.en),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};

/** Settles once the UI language's messages are in: render after it, so no Dutch flashes by. */
export const i18nReady: Promise<unknown> = i18n
  .use(LanguageDetector)
  .use(otherLanguages)
  .use(initReactI18next)
  .init({
    resources: { nl: { translation: nl } },
    partialBundledLanguages: true,
    supportedLngs: UI_LANGUAGES,
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    fallbackLng: 'nl',
    // React escapes what it renders; escaping here too would show &amp; in names.
    interpolation: { escapeValue: false },
    detection: { order: ['localStorage', 'navigator'], lookupLocalStorage: STORAGE_KEY, caches: [] },
    initAsync: false,
    returnNull: false,
  });

/** The UI language in use, one of UI_LANGUAGES. */
export function uiLanguage(): UiLanguage {
  const language = i18n.resolvedLanguage ?? i18n.language;
  return language?.startsWith('en') ? 'en' : 'nl';
}

/** Switches the UI language and remembers the choice in this browser. */
export function setUiLanguage(language: UiLanguage): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the switch still holds for this page.
  }
  void i18n.changeLanguage(language);
}

function reflectLanguage(): void {
  if (typeof document !== 'undefined') document.documentElement.lang = uiLanguage();
}
i18n.on('languageChanged', reflectLanguage);
reflectLanguage();
