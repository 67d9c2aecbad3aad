import { useEffect, useRef } from 'react';
import type { ZoneKey } from '../../../shared/docLayout';
import { spotlightKey } from '../../../shared/zones';

interface Handlers {
  /** Keys 1 to the number of zones pick a zone, 0 the whole page; absent for a viewer (no spotlight). */
  onSpotlight?: (zone: ZoneKey | null) => void;
  onFullscreen: () => void;
  onEscape: () => void;
}

/** Keys typed into a field, or meant for an open dialog, are not the projector's. */
function ignored(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return true;
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return true;
  return document.querySelector('dialog[open]') !== null;
}

/** The projector's keys: one per zone and 0 (spotlight), F (full screen), Escape (leave). */
export function usePresentKeys(handlers: Handlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (ignored(event)) return;
      const { onSpotlight, onFullscreen, onEscape } = latest.current;
      const zone = spotlightKey(event.key);
      const handled = event.key === 'f' || event.key === 'F' || (onSpotlight !== undefined && zone !== undefined);
      // A projector key says "look at the canvas": a control clicked earlier gives up the
      // focus, or its (now keyboard-visible) focus would keep the controls on screen.
      const active = document.activeElement;
      if (handled && active instanceof HTMLElement && active.closest('.present-controls')) active.blur();
      if (event.key === 'f' || event.key === 'F') {
        event.preventDefault();
        onFullscreen();
      } else if (event.key === 'Escape') {
        onEscape();
      } else if (onSpotlight && zone !== undefined) {
        event.preventDefault();
        onSpotlight(zone);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
