import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import { USER_COLORS } from '../lib/identity';

interface Props {
  /** The remembered name, or null on a first visit (then a default is proposed). */
  initialName: string | null;
  initialColor: string;
  onSave: (name: string, color: string) => void;
  /** Absent on a first visit: a name is needed before the canvas can be edited. */
  onCancel?: () => void;
}

/** Asks for a display name and caret colour once; the browser remembers them. */
export function NameDialog({ initialName, initialColor, onSave, onCancel }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState(() => initialName ?? t('defaultName', { n: 10 + Math.floor(Math.random() * 90) }));
  const [color, setColor] = useState(initialColor);
  const dialogRef = useRef<HTMLDialogElement | null>(null);
  const inputRef = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    // Selected, so typing a name replaces the proposal.
    inputRef.current?.select();
    return () => dialog?.close();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed) onSave(trimmed.slice(0, 60), color);
  };
  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="name-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel?.();
      }}
    >
      <form onSubmit={submit} className="dialog__form">
        <h2 id="name-dialog-title">{t('yourName')}</h2>
        <p className="dialog__help">{t('yourNameHelp')}</p>
        <input ref={inputRef} className="field" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} aria-label={t('yourName')} data-testid="name-input" />
        <fieldset className="swatches">
          <legend className="label">{t('yourColor')}</legend>
          {USER_COLORS.map((option, index) => (
            <label key={option} className="swatch" style={{ backgroundColor: option }}>
              <input type="radio" name="color" value={option} checked={color === option} onChange={() => setColor(option)} aria-label={`${t('yourColor')} ${index + 1}`} />
            </label>
          ))}
        </fieldset>
        <div className="dialog__buttons">
          {onCancel ? (
            <button type="button" className="button button--quiet" onClick={onCancel}>
              {t('cancel')}
            </button>
          ) : null}
          <button type="submit" className="button button--primary" disabled={!name.trim()}>
            {t('save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
