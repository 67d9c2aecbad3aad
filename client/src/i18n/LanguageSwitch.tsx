import { useTranslation } from './useTranslation';
import { setUiLanguage, UI_LANGUAGES, uiLanguage, type UiLanguage } from './i18n';

/** Each language named in itself, so whoever cannot read the current one still finds theirs. */
const NATIVE_NAME: Record<UiLanguage, string> = { nl: 'Nederlands', en: 'English' };

/** Switches the interface language (not the canvas's: its headings follow the canvas). */
export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <select
      className="language-switch"
      aria-label={t('uiLanguage')}
      title={t('uiLanguage')}
      value={uiLanguage()}
      onChange={(event) => setUiLanguage(event.target.value as UiLanguage)}
      data-testid="ui-language"
    >
      {UI_LANGUAGES.map((language) => (
        <option key={language} value={language} lang={language}>
          {NATIVE_NAME[language]}
        </option>
      ))}
    </select>
  );
}
