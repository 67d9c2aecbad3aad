import { useState } from 'react';
import type * as Y from 'yjs';
import { useTranslation } from '../i18n/useTranslation';

/** "Download PDF" (built in this browser; the engine loads on first use) and "Print". */
export function PdfButtons({ doc, printPath }: { doc: Y.Doc; printPath: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const { downloadCanvasPdf } = await import('../pdf/downloadCanvasPdf');
      await downloadCanvasPdf(doc);
    } catch (failure) {
      setError(`${t('pdfFailed')}: ${(failure as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="pdf-buttons">
      <button type="button" className="button button--quiet" onClick={download} disabled={busy} data-testid="download-pdf">
        {busy ? t('makingPdf') : t('downloadPdf')}
      </button>
      <a className="button button--quiet" href={printPath} target="_blank" rel="noopener" data-testid="print-link">
        {t('print')}
      </a>
      {error ? (
        <span className="form-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
