import { useState } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import { ModalDialog } from './ModalDialog';
import { FormError } from './FormError';
import { failureMessage } from '../lib/failureMessage';

interface Props {
  title: string;
  text: string;
  confirmLabel: string;
  busyLabel: string;
  danger?: boolean;
  /** Does the work; a thrown error is shown in the dialog, which then stays open. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
  testId?: string;
}

/** "Are you sure?" for what cannot be taken back lightly (restore, delete). */
export function ConfirmDialog({ title, text, confirmLabel, busyLabel, danger = false, onConfirm, onClose, testId }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (failure) {
      setError(failureMessage(t, failure));
      setBusy(false);
    }
  };
  return (
    <ModalDialog title={title} help={text} onClose={onClose} testId={testId}>
      <FormError message={error} />
      <div className="dialog__buttons">
        <button type="button" className="button button--quiet" onClick={onClose} autoFocus>
          {t('cancel')}
        </button>
        <button type="button" className={`button ${danger ? 'button--danger' : 'button--primary'}`} onClick={confirm} disabled={busy} data-testid="confirm">
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
