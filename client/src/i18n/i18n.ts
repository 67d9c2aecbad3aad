import { nl } from './nl';

/** The UI's messages: every key of nl.ts, each a string (with {{placeholders}} where needed). */
export type Messages = { [K in keyof typeof nl]: string };

export type MessageKey = keyof Messages;

export const UI_LANGUAGES = ['nl', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** What fills a message's placeholders: {{name}} takes a string or number, {{names, list}} a list. */
export type MessageValues = Readonly<Record<string, string | number | readonly string[]>>;

export type TFunction = (key: MessageKey, values?: MessageValues) => string;

/** What useTranslation gives: a new object, and a new t, whenever the language changes. */
export interface Translation {
  readonly t: TFunction;
  readonly i18n: {
    /** As detected or chosen, e.g. en-GB: dates, numbers and lists are written its way. */
    readonly language: string;
    /** The language of the messages shown: Dutch until the English ones have arrived. */
    readonly resolvedLanguage: UiLanguage;
  };
}

/** Where a language chosen by hand is remembered; otherwise the browser's language decides. */
const STORAGE_KEY = 'stip.uiLanguage';

const PLACEHOLDER = /\{\{(.+?)\}\}/g;

function isUiLanguage(code: string): code is UiLanguage {
  return (UI_LANGUAGES as readonly string[]).includes(code);
}

/** en of en-GB: the language without its region or script. */
function languagePart(code: string): string {
  return code.split('-')[0] ?? code;
}

/**
 * t for one language. A message missing from `messages` is the Dutch one. Placeholders are filled
 * in unescaped (React escapes what it renders; escaping here too would show &amp; in names), and
 * a filled-in value is not searched for placeholders again.
 */
export function translator(language: string, messages: Partial<Messages>): TFunction {
  const list = new Intl.ListFormat(language, { type: 'conjunction' });
  return (key, values) => {
    const message = messages[key] ?? nl[key];
    if (!values) return message;
    return message.replace(PLACEHOLDER, (placeholder, inside: string) => {
      const [name = '', format] = inside.split(',').map((part) => part.trim());
      const value = values[name];
      if (value === undefined) return placeholder;
      if (typeof value === 'object') return format === 'list' ? list.format(value) : value.join(',');
      return String(value);
    });
  };
}

/**
 * The language to show: the one chosen by hand in this browser, else the first of the browser's
 * languages that is Dutch or English, written canonically (en-GB); Dutch when neither is.
 */
export function detectLanguage(stored: string | null, browser: readonly string[]): string {
  for (const code of stored === null ? browser : [stored, ...browser]) {
    let canonical: string | undefined;
    try {
      canonical = Intl.getCanonicalLocales(code)[0];
    } catch {
      continue; // Not a language tag at all.
    }
    if (canonical && isUiLanguage(languagePart(canonical))) return canonical;
  }
  return 'nl';
}

export interface I18nOptions {
  /** The language to start in, as detectLanguage gives it. */
  language: string;
  /** Fetches the English messages (a chunk of their own in the app). */
  loadEnglish: () => Promise<Messages>;
  /** Keeps a language chosen by hand for the next visit. */
  remember: (language: UiLanguage) => void;
}

/** The UI language and its messages, for useSyncExternalStore. */
export interface I18n {
  /** Settles once the starting language's messages are in (or failed to come: Dutch then). */
  readonly ready: Promise<void>;
  current(): Translation;
  subscribe(listener: () => void): () => void;
  /** Switches once the language's messages are in, and remembers the choice. */
  setLanguage(language: UiLanguage): Promise<void>;
}

function translation(language: string, english: Messages | undefined): Translation {
  const resolvedLanguage = languagePart(language) === 'en' && english ? 'en' : 'nl';
  return { t: translator(language, english ?? nl), i18n: { language, resolvedLanguage } };
}

/** A UI language that can switch; the app has one (appI18n), tests make their own. */
export function createI18n({ language, loadEnglish, remember }: I18nOptions): I18n {
  const listeners = new Set<() => void>();
  // Dutch until the English messages are in; the app renders only after `ready`.
  let current = translation(language, undefined);
  let wanted = language;
  let english: Promise<Messages | undefined> | undefined;

  function englishMessages(): Promise<Messages | undefined> {
    english ??= loadEnglish().catch(() => {
      english = undefined; // Try again on the next switch.
      return undefined;
    });
    return english;
  }

  async function change(to: string): Promise<void> {
    wanted = to;
    const messages = languagePart(to) === 'en' ? await englishMessages() : undefined;
    if (wanted !== to) return; // A later choice came in while English was on its way.
    current = translation(to, messages);
    for (const listener of listeners) listener();
  }

  return {
    ready: change(language),
    current: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setLanguage(to) {
      remember(to);
      return change(to);
    },
  };
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // No storage (private mode, or not a browser).
  }
}

/** The app's one instance: Dutch, the default and the fallback, is in the first download. */
export const appI18n = createI18n({
  language: detectLanguage(storedLanguage(), typeof navigator === 'undefined' ? [] : navigator.languages),
  loadEnglish: () => import('./en').then((module) => module.en),
  remember(language) {
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Private mode without storage: the switch still holds for this page.
    }
  },
});

/** Settles once the UI language's messages are in: render after it, so no Dutch flashes by. */
export const i18nReady: Promise<void> = appI18n.ready;

/** The UI language in use, one of UI_LANGUAGES. */
export function uiLanguage(): UiLanguage {
  return appI18n.current().i18n.resolvedLanguage;
}

/** Switches the UI language and remembers the choice in this browser. */
export function setUiLanguage(language: UiLanguage): void {
  void appI18n.setLanguage(language);
}

function reflectLanguage(): void {
  if (typeof document !== 'undefined') document.documentElement.lang = uiLanguage();
}
appI18n.subscribe(reflectLanguage);
reflectLanguage();
