import { useEffect, useState } from 'react';
import type { Refusal } from '../collab/useCollabSession';
import { useTranslation } from '../i18n/useTranslation';

const REFUSED_MESSAGE = { locked: 'refusedLocked', facilitatorOnly: 'refusedFacilitatorOnly', invalidStyle: 'refusedInvalidStyle' } as const;

/** How long the notice stays after the server's latest refusal. */
const SHOWN_MS = 12_000;

/**
 * Says that the server took back a change made here (the canvas was locked meanwhile, or the
 * change touched what only the facilitator may change). The refused text has already gone from
 * the page; this says why, in the UI language, also to screen readers.
 */
export function RefusedBanner({ refusal }: { refusal: Refusal | null }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<Refusal | null>(null);
  useEffect(() => {
    if (!refusal) return undefined;
    setShown(refusal);
    const timer = setTimeout(() => setShown(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [refusal]);
  return (
    <div className={shown ? 'banner banner--warning' : 'visually-hidden'} role="status" data-testid="refused-banner">
      {shown ? t(REFUSED_MESSAGE[shown.reason]) : ''}
    </div>
  );
}
