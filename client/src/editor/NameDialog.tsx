import { useEffect, useRef, useState, type FormEvent } from 'react';
import { t } from '../i18n/strings';

/** Asks for a display name once; the browser remembers it. */
export function NameDialog({ initial, onSave, onCancel }: { initial: string; onSave: (name: string) => void; onCancel?: () => void }) {
  const [name, setName] = useState(initial);
  const dialogRef = useRef<HTMLDialogElement | null>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed) onSave(trimmed.slice(0, 60));
  };
  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby="name-dialog-title" onCancel={(e) => { if (!onCancel) e.preventDefault(); else onCancel(); }}>
      <form onSubmit={submit} className="dialog__form">
        <h2 id="name-dialog-title">{t.yourName}</h2>
        <p className="dialog__help">{t.yourNameHelp}</p>
        <input className="field" autoFocus value={name} maxLength={60} onChange={(e) => setName(e.target.value)} aria-label={t.yourName} data-testid="name-input" />
        <div className="dialog__buttons">
          <button type="submit" className="button button--primary" disabled={!name.trim()}>
            {t.save}
          </button>
        </div>
      </form>
    </dialog>
  );
}
