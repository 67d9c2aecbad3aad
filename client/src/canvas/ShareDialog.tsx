import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import type { ShareLinks } from '../../../shared/api';
import { Icon } from '../editor/Icon';
import type { MessageKey } from '../i18n/i18n';
import { getLinks, rotateLink, unpublish } from '../lib/api';
import { ModalDialog } from './ModalDialog';
import { FormError } from './FormError';
import { failureMessage } from '../lib/failureMessage';

type LinkRole = keyof ShareLinks['links'];
type Rotatable = 'editor' | 'viewer' | 'published';

const ROWS: { role: LinkRole; label: MessageKey; help: MessageKey; rotatable: boolean; confirm: MessageKey }[] = [
  { role: 'editor', label: 'linkEditor', help: 'linkEditorHelp', rotatable: true, confirm: 'rotateConfirm' },
  { role: 'viewer', label: 'linkViewer', help: 'linkViewerHelp', rotatable: true, confirm: 'rotateConfirm' },
  { role: 'present', label: 'linkPresent', help: 'linkPresentHelp', rotatable: false, confirm: 'rotateConfirm' },
  { role: 'facilitator', label: 'linkFacilitator', help: 'linkFacilitatorHelp', rotatable: false, confirm: 'rotateConfirm' },
  { role: 'published', label: 'linkPublished', help: 'linkPublishedHelp', rotatable: true, confirm: 'rotatePublishedConfirm' },
];

interface Props {
  id: string;
  token: string;
  onClose: () => void;
}

/**
 * The facilitator's links (GET .../links) with copy buttons; the editor and viewer links can be
 * replaced. The published page (a read-only web page of the A4) is published here, moved to a
 * new address or taken down.
 */
export function ShareDialog({ id, token, onClose }: Props) {
  const { t } = useTranslation();
  const [links, setLinks] = useState<ShareLinks['links'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [confirming, setConfirming] = useState<LinkRole | 'unpublish' | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    getLinks(id, token).then(
      (result) => !cancelled && setLinks(result.links),
      (failure: Error) => !cancelled && setError(failureMessage(t, failure)),
    );
    return () => {
      cancelled = true;
    };
  }, [id, token, t]);

  const change = async (work: () => Promise<ShareLinks>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      setLinks((await work()).links);
      setConfirming(null);
      setStatus(done);
    } catch (failure) {
      setError(failureMessage(t, failure));
    } finally {
      setBusy(false);
    }
  };
  const rotate = (role: Rotatable, label: string) =>
    change(() => rotateLink(id, token, role), role === 'published' ? t('publishedMoved') : t('rotated', { role: label }));

  return (
    <ModalDialog title={t('shareTitle')} help={t('shareHelp')} onClose={onClose} variant="medium" status={status} testId="share-dialog">
      <FormError message={error} />
      {links ? (
        <ul className="share-links">
          {ROWS.map(({ role, label, help, rotatable, confirm }) => {
            const link = links[role];
            return (
              <li key={role} className="share-link" data-testid={`share-${role}`}>
                <div className="share-link__head">
                  {link === null ? (
                    <h3 className="share-link__label">{t(label)}</h3>
                  ) : (
                    <label className="share-link__label" htmlFor={`share-link-${role}`}>
                      {t(label)}
                    </label>
                  )}
                  {rotatable && link !== null && confirming !== role ? (
                    <button type="button" className="button button--quiet button--small" onClick={() => setConfirming(role)} aria-label={t('rotateLinkOf', { role: t(label) })} data-testid={`rotate-${role}`}>
                      {t('rotateLink')}
                    </button>
                  ) : null}
                </div>
                <p className="share-link__help" id={`share-help-${role}`}>
                  {t(help)}
                </p>
                {link === null ? (
                  <div className="share-link__row">
                    <button type="button" className="button" disabled={busy} onClick={() => void change(() => rotateLink(id, token, 'published'), t('publishedNow'))} data-testid="publish">
                      {t('publish')}
                    </button>
                  </div>
                ) : (
                  <div className="share-link__row">
                    <input id={`share-link-${role}`} className="field share-link__field" readOnly value={link} aria-describedby={`share-help-${role}`} onFocus={(e) => e.target.select()} />
                    <CopyButton value={link} fieldId={`share-link-${role}`} label={t('copyLinkOf', { role: t(label) })} />
                  </div>
                )}
                {role === 'published' && link !== null && confirming !== 'unpublish' ? (
                  <div className="share-link__row">
                    <button type="button" className="button button--quiet button--small" onClick={() => setConfirming('unpublish')} data-testid="unpublish">
                      {t('unpublish')}
                    </button>
                  </div>
                ) : null}
                {role === 'published' && confirming === 'unpublish' ? (
                  <div className="share-link__confirm" role="group" aria-label={t('unpublish')}>
                    <p>{t('unpublishConfirm')}</p>
                    <button type="button" className="button button--quiet" onClick={() => setConfirming(null)}>
                      {t('cancel')}
                    </button>
                    <button type="button" className="button button--danger" disabled={busy} onClick={() => void change(() => unpublish(id, token), t('unpublished'))} data-testid="unpublish-confirm" autoFocus>
                      {t('unpublishYes')}
                    </button>
                  </div>
                ) : null}
                {confirming === role ? (
                  <div className="share-link__confirm" role="group" aria-label={t('rotateLinkOf', { role: t(label) })}>
                    <p>{t(confirm, { role: t(label) })}</p>
                    <button type="button" className="button button--quiet" onClick={() => setConfirming(null)}>
                      {t('cancel')}
                    </button>
                    <button
                      type="button"
                      className="button button--danger"
                      disabled={busy}
                      onClick={() => void rotate(role as Rotatable, t(label))}
                      data-testid={`rotate-${role}-confirm`}
                      autoFocus
                    >
                      {t('rotateYes')}
                    </button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : error ? null : (
        <p className="muted">{t('loadingLinks')}</p>
      )}
    </ModalDialog>
  );
}

/**
 * Copies a link. Over plain http on a LAN address there is no clipboard API: then the link's
 * field is focused with its text selected, for Ctrl+C.
 */
function CopyButton({ value, fieldId, label }: { value: string; fieldId: string; label: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setCopied(true);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setCopied(false), 2000);
    } catch {
      const field = document.getElementById(fieldId);
      if (field instanceof HTMLInputElement) {
        field.focus();
        field.select();
      }
    }
  };
  return (
    <button type="button" className="button" onClick={copy} aria-label={label}>
      <Icon name="copy" /> <span aria-live="polite">{copied ? t('copied') : t('copyLink')}</span>
    </button>
  );
}
