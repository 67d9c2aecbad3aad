import { useEffect, useState, type RefObject } from 'react';
import { READABLE_SCALE } from '../../../shared/pdf/typeScale';
import { ZONE_KEYS, type ZoneKey } from '../../../shared/docLayout';

export interface Fit {
  /** The type scale that makes the content fit the A4 (1 = full size). */
  scale: number;
  /** Below a readable size (body under 8 pt). */
  tooSmall: boolean;
  /** Zones by amount of text, most first. */
  fullestZones: ZoneKey[];
}

/**
 * Keeps the on-screen A4 on one page the way the PDF builder does: one type scale for the
 * whole page, the largest at which the content fits. It measures the page in the DOM (each
 * step is a real layout), so the PDF engine stays unloaded until a PDF is made.
 */
export function useFitScale(pageRef: RefObject<HTMLElement | null>): Fit {
  const [fit, setFit] = useState<Fit>({ scale: 1, tooSmall: false, fullestZones: [] });

  useEffect(() => {
    const page = pageRef.current;
    if (!page) return undefined;
    let frame = 0;
    let last = '';
    const fits = (scale: number) => {
      page.style.setProperty('--type-scale', String(scale));
      return page.scrollHeight <= page.clientHeight + 1;
    };
    const measure = () => {
      frame = 0;
      let scale = 1;
      if (!fits(1)) {
        let lo = 0.1;
        let hi = 1;
        for (let i = 0; i < 10 && hi - lo > 0.005; i++) {
          const mid = (lo + hi) / 2;
          if (fits(mid)) lo = mid;
          else hi = mid;
        }
        scale = Math.max(0.1, Math.floor(lo * 1000) / 1000);
      }
      page.style.setProperty('--type-scale', String(scale));
      const fullestZones = ZONE_KEYS.map((zone) => ({ zone, length: page.querySelector(`[data-zone=${zone}] .zone__body`)?.textContent?.length ?? 0 }))
        .sort((a, b) => b.length - a.length)
        .filter((z) => z.length > 0)
        .slice(0, 2)
        .map((z) => z.zone);
      const key = `${scale}|${fullestZones.join()}`;
      if (key === last) return;
      last = key;
      setFit({ scale, tooSmall: scale < READABLE_SCALE - 0.001, fullestZones });
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    // Text typed anywhere (here or by others), fonts arriving, a resized window.
    const mutations = new MutationObserver(schedule);
    mutations.observe(page, { subtree: true, childList: true, characterData: true });
    const resize = new ResizeObserver(schedule);
    resize.observe(page);
    void document.fonts?.ready.then(schedule);
    schedule();
    return () => {
      mutations.disconnect();
      resize.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [pageRef]);

  return fit;
}
