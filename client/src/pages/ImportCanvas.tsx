import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import { useLocation } from 'wouter';
import { ApiFailure, importCanvasFile } from '../lib/api';
import { failureReason } from '../lib/failureMessage';
import { FormError } from '../canvas/FormError';

/**
 * Import a Stip export (JSON) from the home page, by file picker or drag and drop. A file
 * that is not JSON, or not a valid export, is explained in words; nothing is created then.
 */
export function ImportCanvas() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement | null>(null);

  const importFile = async (file: File) => {
    setError(null);
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch {
      setError(t('importNotJson', { file: file.name }));
      return;
    }
    setBusy(true);
    try {
      const url = new URL((await importCanvasFile(data)).links.facilitator);
      navigate(`${url.pathname}${url.hash}`);
    } catch (failure) {
      const code = failure instanceof ApiFailure ? failure.code : 'network';
      if (code === 'invalid_import') {
        setError(t('importInvalid', { file: file.name, reason: (failure as Error).message.replace(/^Not a valid Stip export: /, '') }));
      } else if (code === 'too_large') setError(t('importTooLarge', { file: file.name }));
      // A quota, a full server, no connection: said in the UI language.
      else setError(t('importFailed', { file: file.name, reason: failureReason(t, failure) }));
      setBusy(false);
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file) void importFile(file);
  };

  return (
    <section className="card" aria-labelledby="import-canvas">
      <h2 className="card__title" id="import-canvas">
        {t('importTitle')}
      </h2>
      <div
        className={`import-drop${over ? ' import-drop--over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="import-drop"
      >
        <p className="muted" id="import-help">
          {t('importHelp')}
        </p>
        <button type="button" className="button" onClick={() => inputRef.current?.click()} disabled={busy} aria-describedby="import-help">
          {busy ? t('importing') : t('importChoose')}
        </button>
        <span>{t('importDrop')}</span>
        <input
          ref={inputRef}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void importFile(file);
          }}
          data-testid="import-file"
        />
      </div>
      <FormError message={error} testId="import-error" />
    </section>
  );
}
