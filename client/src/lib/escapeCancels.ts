import type { KeyboardEvent } from 'react';

/**
 * An onKeyDown for a small inline field: Escape cancels it (and goes no further, so it does
 * not also leave a dialog or a zone).
 */
export function escapeCancels(cancel: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    cancel();
  };
}
