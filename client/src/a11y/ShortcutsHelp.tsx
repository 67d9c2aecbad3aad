import { useEffect, useState } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import { LazyDialog } from '../canvas/LazyDialog';
import { lazyComponent } from '../lib/lazyComponent';

// The list itself is a chunk of its own, fetched on pointer or focus on the button, or when idle.
const ShortcutsDialog = lazyComponent(() => import('./ShortcutsDialog'), 'ShortcutsDialog');

/** Fetches the code of the shortcuts list, so the button or `?` opens it at once. */
export function preloadShortcutsDialog(): void {
  ShortcutsDialog.preload();
}

/** Typing a "?" into a text is not a request for help. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** A "?" button and the `?` key open the list of keyboard shortcuts. */
export function ShortcutsHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <button
        type="button"
        className="icon-button help-button"
        onClick={() => setOpen(true)}
        onPointerEnter={ShortcutsDialog.preload}
        onFocus={ShortcutsDialog.preload}
        title={`${t('keysTitle')} (?)`}
        data-testid="shortcuts-button"
      >
        <span aria-hidden="true">?</span>
        <span className="visually-hidden">{t('keysTitle')}</span>
      </button>
      {open ? (
        <LazyDialog onClose={close}>
          <ShortcutsDialog onClose={close} />
        </LazyDialog>
      ) : null}
    </>
  );
}
