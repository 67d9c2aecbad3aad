import { Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import { ChunkBoundary } from '../lib/ChunkBoundary';
import { FormError } from './FormError';
import { ModalDialog } from './ModalDialog';

/**
 * A dialog from a chunk of its own. Its chunk is preloaded (on hover, focus and idle time), so
 * nothing shows for a moment at most; should it not arrive, a dialog says so, and closing that
 * one lets the next opening try again.
 */
export function LazyDialog({ onClose, children }: { onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  if (failed) {
    return (
      <ModalDialog
        title={t('appName')}
        onClose={() => {
          setFailed(false);
          setAttempt((n) => n + 1);
          onClose();
        }}
        testId="load-failed"
      >
        <FormError message={t('loadFailed')} />
      </ModalDialog>
    );
  }
  return (
    <ChunkBoundary key={attempt} onFailure={() => setFailed(true)}>
      <Suspense fallback={null}>{children}</Suspense>
    </ChunkBoundary>
  );
}
