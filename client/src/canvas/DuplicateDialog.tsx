import { useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import { MAX_TITLE_LENGTH } from '../../../shared/exportFormat';
import { duplicateCanvas } from '../lib/api';
import { ModalDialog } from './ModalDialog';
import { FormError } from './FormError';
import { failureMessage } from '../lib/failureMessage';

interface Props {
  id: string;
  token: string;
  title: string;
  /** Receives the new canvas's facilitator link. */
  onDone: (facilitatorLink: string) => void;
  onClose: () => void;
}

/** "Visie 2027" from "Visie 2026": a new canvas with the same content and new links. */
export function DuplicateDialog({ id, token, title, onDone, onClose }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState(() => t('copyOfTitle', { title: title || t('untitled') }).slice(0, MAX_TITLE_LENGTH));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone((await duplicateCanvas(id, token, name.trim())).links.facilitator);
    } catch (failure) {
      setError(failureMessage(t, failure));
      setBusy(false);
    }
  };
  return (
    <ModalDialog title={t('duplicateTitle')} help={t('duplicateHelp')} onClose={onClose} testId="duplicate-dialog">
      <form onSubmit={submit}>
        <label className="label" htmlFor="duplicate-title">
          {t('duplicateNewTitle')}
        </label>
        <input id="duplicate-title" className="field" value={name} maxLength={MAX_TITLE_LENGTH} onChange={(e) => setName(e.target.value)} autoFocus data-testid="duplicate-title" />
        <FormError message={error} />
        <div className="dialog__buttons">
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="duplicate-confirm">
            {busy ? t('duplicating') : t('duplicate')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
