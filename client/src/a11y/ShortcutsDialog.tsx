import { useEffect, useRef } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import type { MessageKey } from '../i18n/i18n';
import { SPOTLIGHT_KEYS } from '../../../shared/zones';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

/** Every keyboard shortcut of the editor and the present view, as shown in the help. */
const SHORTCUTS: { keys: string[]; what: MessageKey }[][] = [
  [
    { keys: ['Tab', 'Shift+Tab'], what: 'keysTab' },
    { keys: ['Esc'], what: 'keysEscape' },
    { keys: ['?'], what: 'keysHelp' },
  ],
  [
    { keys: [`${MOD}+B`], what: 'bold' },
    { keys: [`${MOD}+I`], what: 'italic' },
    { keys: [`${MOD}+U`], what: 'underline' },
    { keys: [`${MOD}+Shift+8`], what: 'bulletList' },
    { keys: [`${MOD}+Shift+7`], what: 'orderedList' },
    { keys: [`${MOD}+Z`], what: 'undo' },
    { keys: [isMac ? '⌘+Shift+Z' : 'Ctrl+Y'], what: 'redo' },
    { keys: ['Tab', 'Shift+Tab'], what: 'keysListIndent' },
    { keys: ['Tab', 'Shift+Tab'], what: 'keysTableCells' },
  ],
  [
    { keys: ['F'], what: 'keysFullscreen' },
    { keys: SPOTLIGHT_KEYS, what: 'keysSpotlight' },
    { keys: ['0'], what: 'keysWholePage' },
    { keys: ['Esc'], what: 'keysPresentEscape' },
  ],
];
const GROUP_TITLES: MessageKey[] = ['keysGroupMoving', 'keysGroupEditing', 'keysGroupPresenting'];

/** The list of keyboard shortcuts, a modal dialog; ShortcutsHelp opens it. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog ref={dialogRef} className="dialog dialog--wide" aria-labelledby="shortcuts-title" onClose={onClose} data-testid="shortcuts-dialog">
      <h2 id="shortcuts-title">{t('keysTitle')}</h2>
      {SHORTCUTS.map((group, i) => (
        <section key={GROUP_TITLES[i]} aria-labelledby={`shortcuts-${i}`}>
          <h3 id={`shortcuts-${i}`} className="shortcuts__group">
            {t(GROUP_TITLES[i]!)}
          </h3>
          <dl className="shortcuts">
            {group.map((shortcut) => (
              <div className="shortcuts__row" key={shortcut.what}>
                <dt>
                  {shortcut.keys.map((key, k) => (
                    <span key={key}>
                      {k > 0 ? ' / ' : null}
                      <kbd>{key}</kbd>
                    </span>
                  ))}
                </dt>
                <dd>{t(shortcut.what)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <form method="dialog" className="dialog__buttons">
        <button type="submit" className="button button--primary" autoFocus>
          {t('close')}
        </button>
      </form>
    </dialog>
  );
}
