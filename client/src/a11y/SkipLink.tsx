import { useTranslation } from '../i18n/useTranslation';

/** The first stop of the Tab key: straight past the bar to the canvas (WCAG 2.4.1). */
export function SkipLink({ target }: { target: string }) {
  const { t } = useTranslation();
  return (
    <a
      className="skip-link"
      href={`#${target}`}
      onClick={(event) => {
        // Move the focus too, not only the scroll position (the hash route stays as it is).
        event.preventDefault();
        const element = document.getElementById(target);
        element?.focus();
        element?.scrollIntoView({ block: 'start' });
      }}
    >
      {t('skipToCanvas')}
    </a>
  );
}
