import { useEffect, useState } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import type { VersionInfo } from '../../../shared/api';
import type { CanvasExport } from '../../../shared/exportFormat';
import { PageScaler } from '../editor/PageScaler';
import { versionExport } from '../lib/api';
import { useDateTime } from '../lib/useDateTime';
import { ModalDialog } from './ModalDialog';
import { StaticA4Page } from './StaticA4Page';
import { FormError } from './FormError';
import { failureMessage } from '../lib/failureMessage';

interface Props {
  id: string;
  token: string;
  version: VersionInfo;
  onPdf: () => void;
  onWord: () => void;
  /** Absent for whoever may not restore. */
  onRestore?: () => void;
  onClose: () => void;
}

/** A version read-only on its A4 (from `GET .../versions/:v/export`), with its PDF, its Word file and restore. */
export function VersionPreview({ id, token, version, onPdf, onWord, onRestore, onClose }: Props) {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const [data, setData] = useState<CanvasExport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    versionExport(id, token, version.id).then(
      (content) => !cancelled && setData(content),
      (failure: Error) => !cancelled && setError(failureMessage(t, failure)),
    );
    return () => {
      cancelled = true;
    };
  }, [id, token, version.id, t]);

  return (
    <ModalDialog
      title={t('previewTitle', { name: version.name })}
      help={t('previewHelp', { date: formatTime(version.createdAt) })}
      onClose={onClose}
      variant="wide"
      testId="version-preview"
    >
      <div className="version-preview__buttons">
        <button type="button" className="button" onClick={onPdf}>
          {t('downloadPdf')}
        </button>
        <button type="button" className="button" onClick={onWord}>
          {t('downloadWord')}
        </button>
        {onRestore ? (
          <button type="button" className="button" onClick={onRestore}>
            {t('restoreVersion')}
          </button>
        ) : null}
      </div>
      <FormError message={error} />
      <div className="version-preview__desk">
        {data ? (
          <PageScaler>
            <StaticA4Page data={data} />
          </PageScaler>
        ) : error ? null : (
          <p className="muted">{t('loading')}</p>
        )}
      </div>
    </ModalDialog>
  );
}
