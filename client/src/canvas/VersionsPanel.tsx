import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import { MAX_VERSION_NAME_LENGTH, type VersionInfo } from '../../../shared/api';
import { downloadFromApi, listVersions, restoreVersion, saveVersion } from '../lib/api';
import { useDateTime } from '../lib/useDateTime';
import { ConfirmDialog } from './ConfirmDialog';
import { ModalDialog } from './ModalDialog';
import { VersionPreview } from './VersionPreview';
import { FormError } from './FormError';
import { failureMessage } from '../lib/failureMessage';

interface Props {
  id: string;
  token: string;
  /** Only the facilitator saves and restores; every role lists, previews and downloads. */
  canManage: boolean;
  /** The display name recorded as "saved by". */
  userName: string | null;
  onClose: () => void;
}

/** The canvas's named versions: save (facilitator), list, preview, PDF, restore (facilitator). */
export function VersionsPanel({ id, token, canManage, userName, onClose }: Props) {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [previewing, setPreviewing] = useState<VersionInfo | null>(null);
  const [restoring, setRestoring] = useState<VersionInfo | null>(null);

  const fail = useCallback((failure: unknown) => setError(failureMessage(t, failure)), [t]);
  const reload = useCallback(() => listVersions(id, token).then(setVersions, fail), [id, token, fail]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setSaving(true);
    setError(null);
    try {
      const saved = await saveVersion(id, token, name.trim(), userName ?? undefined);
      setVersions((list) => [saved, ...(list ?? [])]);
      setName('');
      setStatus(t('versionSaved', { name: saved.name }));
    } catch (failure) {
      fail(failure);
    } finally {
      setSaving(false);
    }
  };

  const restore = async (version: VersionInfo) => {
    const result = await restoreVersion(id, token, version.id, userName ?? undefined);
    // The confirmation stays (busy) until the list holds the automatic version; then it closes
    // and the panel says what happened, in one render.
    await reload();
    setRestoring(null);
    setPreviewing(null);
    setStatus(t('restored', { name: result.restored.name, saved: result.saved.name }));
  };

  const download = (version: VersionInfo, kind: 'pdf' | 'docx') => downloadFromApi(id, token, `/versions/${encodeURIComponent(version.id)}/${kind}`).catch(fail);
  const savedBy = (by: string) => (by === 'facilitator' ? t('roleFacilitator') : by);

  return (
    <ModalDialog title={t('versionsTitle')} help={t('versionsHelp')} onClose={onClose} variant="side" status={status} testId="versions-panel">
      {canManage ? (
        <form className="version-save" onSubmit={save}>
          <label className="label" htmlFor="version-name">
            {t('versionName')}
          </label>
          <div className="inline-form">
            <input
              id="version-name"
              className="field"
              value={name}
              maxLength={MAX_VERSION_NAME_LENGTH}
              placeholder={t('versionNamePlaceholder')}
              onChange={(e) => setName(e.target.value)}
              data-testid="version-name"
            />
            <button type="submit" className="button button--primary" disabled={saving || !name.trim()} data-testid="save-version">
              {saving ? t('savingVersion') : t('saveVersion')}
            </button>
          </div>
        </form>
      ) : null}
      <FormError message={error} />
      {versions === null ? <p className="muted">{t('versionsLoading')}</p> : null}
      {versions?.length === 0 ? <p className="muted">{t('versionsEmpty')}</p> : null}
      <ol className="versions" data-testid="versions">
        {versions?.map((version) => (
          <li key={version.id} className="version" data-testid="version" data-version-id={version.id}>
            <div className="version__text">
              <span className="version__name">{version.name}</span>
              <span className="version__meta">{t('versionBy', { date: formatTime(version.createdAt), by: savedBy(version.createdBy) })}</span>
            </div>
            <div className="version__actions">
              <button type="button" className="button button--small" onClick={() => setPreviewing(version)} aria-label={t('previewVersionOf', { name: version.name })} data-testid="preview-version">
                {t('previewVersion')}
              </button>
              <button type="button" className="button button--small" onClick={() => void download(version, 'pdf')} aria-label={t('versionPdfOf', { name: version.name })}>
                {t('versionPdf')}
              </button>
              <button type="button" className="button button--small" onClick={() => void download(version, 'docx')} aria-label={t('versionWordOf', { name: version.name })} data-testid="version-word">
                {t('versionWord')}
              </button>
              {canManage ? (
                <button type="button" className="button button--small" onClick={() => setRestoring(version)} aria-label={t('restoreVersionOf', { name: version.name })} data-testid="restore-version">
                  {t('restoreVersion')}
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      {previewing ? (
        <VersionPreview
          id={id}
          token={token}
          version={previewing}
          onPdf={() => void download(previewing, 'pdf')}
          onWord={() => void download(previewing, 'docx')}
          onRestore={canManage ? () => setRestoring(previewing) : undefined}
          onClose={() => setPreviewing(null)}
        />
      ) : null}
      {restoring ? (
        <ConfirmDialog
          title={t('restoreTitle', { name: restoring.name })}
          text={t('restoreText')}
          confirmLabel={t('restoreVersion')}
          busyLabel={t('restoring')}
          onConfirm={() => restore(restoring)}
          onClose={() => setRestoring(null)}
          testId="restore-confirm"
        />
      ) : null}
    </ModalDialog>
  );
}
