import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import { Icon } from '../editor/Icon';

interface Props {
  title: string;
  /** A line under the title, read with it (aria-describedby). */
  help?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** `side`: a panel along the right edge; `wide`: the version preview; default: a small dialog. */
  variant?: 'small' | 'medium' | 'side' | 'wide';
  /**
   * What the last action in the dialog did, in words. Its live region is always in the dialog:
   * while a modal dialog is open, a region outside it is inert and would not be read out.
   */
  status?: string;
  testId?: string;
}

/**
 * A modal `<dialog>`: the browser traps the focus inside and Escape closes it; the focus goes
 * back to whatever had it before (the button that opened it).
 */
export function ModalDialog({ title, help, onClose, children, variant = 'small', status = '', testId }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement | null>(null);
  const titleId = useId();
  const helpId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      // The opener may be gone (a menu item): then the focus stays where the browser puts it.
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog manage-dialog manage-dialog--${variant}`}
      aria-labelledby={titleId}
      aria-describedby={help ? helpId : undefined}
      onCancel={(event) => {
        // React passes a nested dialog's cancel up its tree: Escape closes only the top one.
        if (event.target !== event.currentTarget) return;
        event.preventDefault();
        onCloseRef.current();
      }}
      data-testid={testId}
    >
      <div className="manage-dialog__head">
        <h2 id={titleId} className="manage-dialog__title">
          {title}
        </h2>
        <button type="button" className="icon-button" aria-label={t('close')} title={t('close')} onClick={() => onCloseRef.current()}>
          <Icon name="close" />
        </button>
      </div>
      {help ? (
        <p id={helpId} className="dialog__help manage-dialog__help">
          {help}
        </p>
      ) : null}
      <p className={`manage-dialog__status${status ? '' : ' manage-dialog__status--empty'}`} role="status" data-testid="dialog-status">
        {status}
      </p>
      <div className="manage-dialog__body">{children}</div>
    </dialog>
  );
}
