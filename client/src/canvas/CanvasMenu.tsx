import { useCallback, useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { createPortal } from 'react-dom';
import { useTranslation } from '../i18n/useTranslation';
import { useLocation } from 'wouter';
import type { Role } from '../../../shared/protocol';
import { deleteCanvas, downloadFromApi, setLocked } from '../lib/api';
import { forgetCanvas } from '../lib/recentCanvases';
import { lazyComponent } from '../lib/lazyComponent';
import { LazyDialog } from './LazyDialog';
import { MenuButton, type MenuEntry } from './MenuButton';
import { failureMessage } from '../lib/failureMessage';

// The dialogs are not needed to start editing: they come as chunks of their own, fetched
// ahead of a click (pointer or focus on the actions, or idle time once the canvas is synced).
const ShareDialog = lazyComponent(() => import('./ShareDialog'), 'ShareDialog');
const VersionsPanel = lazyComponent(() => import('./VersionsPanel'), 'VersionsPanel');
const DuplicateDialog = lazyComponent(() => import('./DuplicateDialog'), 'DuplicateDialog');
const ConfirmDialog = lazyComponent(() => import('./ConfirmDialog'), 'ConfirmDialog');
const StyleDialog = lazyComponent(() => import('../style/StyleDialog'), 'StyleDialog');

/** Fetches the code of the canvas's dialogs, so a click opens them at once. */
export function preloadCanvasDialogs(): void {
  for (const dialog of [ShareDialog, VersionsPanel, DuplicateDialog, ConfirmDialog, StyleDialog]) dialog.preload();
}

interface Props {
  id: string;
  token: string;
  /** The role of this link (a locked editor is still an editor here). */
  role: Role;
  locked: boolean;
  /** The live title (for the duplicate's proposal and the delete question). */
  title: string;
  userName: string | null;
  /** The live document (the house style dialog writes into it); null until it is there. */
  doc: Y.Doc | null;
}

type Open = 'share' | 'versions' | 'duplicate' | 'delete' | 'style' | null;

/**
 * The canvas's actions in the top bar: "Share" for the facilitator, then one "Canvas" menu
 * (lock, versions, duplicate, export, delete; what a role may not do is not offered), and a
 * polite live region that says what happened.
 */
export function CanvasMenu({ id, token, role, locked, title, userName, doc }: Props) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [open, setOpen] = useState<Open>(null);
  const [message, setMessage] = useState('');
  const clearMessage = useCallback(() => setMessage(''), []);
  const facilitator = role === 'facilitator';

  // Said once when the lock changes (not on load): the badge shows it, this reads it out.
  const lockedBefore = useRef(locked);
  useEffect(() => {
    if (lockedBefore.current === locked) return;
    lockedBefore.current = locked;
    if (facilitator) setMessage(locked ? t('nowLocked') : t('nowUnlocked'));
    else if (role === 'editor') setMessage(locked ? t('lockedReadOnly') : t('nowUnlocked'));
  }, [locked, facilitator, role, t]);

  const run = (work: () => Promise<unknown>) => {
    setMessage('');
    work().catch((failure: Error) => setMessage(failureMessage(t, failure)));
  };

  const entries: MenuEntry[] = [
    ...(facilitator
      ? [
          { key: 'lock', label: t('menuLock'), checked: locked, onSelect: () => run(() => setLocked(id, token, !locked)), testId: 'menu-lock' },
          { key: 'sep-1', separator: true } as const,
        ]
      : []),
    { key: 'versions', label: t('menuVersions'), onSelect: () => setOpen('versions'), testId: 'menu-versions' },
    ...(facilitator ? [{ key: 'duplicate', label: t('menuDuplicate'), onSelect: () => setOpen('duplicate'), testId: 'menu-duplicate' }] : []),
    ...(facilitator && doc ? [{ key: 'style', label: t('menuStyle'), onSelect: () => setOpen('style'), testId: 'menu-style' }] : []),
    { key: 'sep-2', separator: true } as const,
    { key: 'json', label: t('menuExportJson'), onSelect: () => run(() => downloadFromApi(id, token, '/export')), testId: 'menu-export-json' },
    { key: 'md', label: t('menuExportMarkdown'), onSelect: () => run(() => downloadFromApi(id, token, '/export?format=markdown')), testId: 'menu-export-markdown' },
    { key: 'docx', label: t('menuExportWord'), onSelect: () => run(() => downloadFromApi(id, token, '/docx')), testId: 'menu-export-word' },
    { key: 'pdf', label: t('menuExportPdf'), onSelect: () => run(() => downloadFromApi(id, token, '/pdf')), testId: 'menu-export-pdf' },
    ...(facilitator
      ? [
          { key: 'sep-3', separator: true } as const,
          { key: 'delete', label: t('menuDelete'), danger: true, onSelect: () => setOpen('delete'), testId: 'menu-delete' },
        ]
      : []),
  ];

  const close = () => setOpen(null);
  return (
    <div className="canvas-actions" onPointerEnter={preloadCanvasDialogs} onFocus={preloadCanvasDialogs}>
      {facilitator && locked ? (
        <span className="badge badge--locked" data-testid="locked-for-others">
          {t('lockedForOthers')}
        </span>
      ) : null}
      {facilitator ? (
        <button type="button" className="button button--quiet" onClick={() => setOpen('share')} data-testid="open-share">
          {t('share')}
        </button>
      ) : null}
      <MenuButton label={t('canvasMenu')} menuLabel={t('canvasMenuLabel')} entries={entries} testId="canvas-menu" />
      <StatusMessage message={message} onDone={clearMessage} />

      {open !== null ? (
        <LazyDialog key={open} onClose={close}>
          {open === 'share' ? <ShareDialog id={id} token={token} onClose={close} /> : null}
          {open === 'style' && doc ? <StyleDialog id={id} token={token} doc={doc} onClose={close} onSaved={setMessage} /> : null}
          {open === 'versions' ? <VersionsPanel id={id} token={token} canManage={facilitator} userName={userName} onClose={close} /> : null}
          {open === 'duplicate' ? (
            <DuplicateDialog
              id={id}
              token={token}
              title={title}
              onClose={close}
              onDone={(link) => {
                const url = new URL(link);
                navigate(`${url.pathname}${url.hash}`);
              }}
            />
          ) : null}
          {open === 'delete' ? (
            <ConfirmDialog
              title={t('deleteTitle', { title: title || t('untitled') })}
              text={t('deleteText')}
              confirmLabel={t('deleteConfirm')}
              busyLabel={t('deleting')}
              danger
              onConfirm={async () => {
                await deleteCanvas(id, token);
                forgetCanvas(id);
                navigate('/', { state: { deleted: title || t('untitled') } });
              }}
              onClose={close}
              testId="delete-confirm"
            />
          ) : null}
        </LazyDialog>
      ) : null}
    </div>
  );
}

/**
 * What just happened, shown for a while and read out once (the region is always there). In a
 * portal: the sticky bar's backdrop filter would make `position: fixed` relative to the bar.
 */
function StatusMessage({ message, onDone }: { message: string; onDone: () => void }) {
  useEffect(() => {
    if (!message) return undefined;
    const timer = setTimeout(onDone, 8000);
    return () => clearTimeout(timer);
  }, [message, onDone]);
  return createPortal(
    <div className={`canvas-status${message ? ' canvas-status--shown' : ''}`} role="status" data-testid="canvas-status">
      {message}
    </div>,
    document.body,
  );
}
