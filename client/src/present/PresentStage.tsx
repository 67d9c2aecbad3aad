import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ZoneKey } from '../../../shared/docLayout';
import { camera, type Box } from './camera';

/**
 * The projector's "camera" over the A4: the whole page letterboxed, or the spotlighted zone
 * filling the screen. A CSS transform (animated unless the system asks for reduced motion)
 * moves the page; its layout stays that of the A4, so zones keep their size and wrapping.
 */
export function PresentStage({ spotlight, children }: { spotlight: ZoneKey | null; children: ReactNode }) {
  const stageRef = useRef<HTMLDivElement | null>(null);
  const cameraRef = useRef<HTMLDivElement | null>(null);
  const [view, setView] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }));
  const [zone, setZone] = useState<Box | null>(null);

  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return undefined;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setView({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(stage);
    return () => observer.disconnect();
  }, []);

  // The zone's box in page pixels, measured again whenever any zone changes size (text typed
  // above it moves it down).
  useEffect(() => {
    const root = cameraRef.current;
    if (!spotlight || !root) {
      setZone(null);
      return undefined;
    }
    const measure = () => {
      const element = root.querySelector<HTMLElement>(`[data-zone=${spotlight}]`);
      if (!element) return;
      const next = { x: element.offsetLeft, y: element.offsetTop, width: element.offsetWidth, height: element.offsetHeight };
      setZone((current) =>
        current && current.x === next.x && current.y === next.y && current.width === next.width && current.height === next.height ? current : next,
      );
    };
    const observer = new ResizeObserver(measure);
    const watch = () => root.querySelectorAll('[data-zone], .page').forEach((element) => observer.observe(element));
    watch();
    // The page may mount after the stage (the document syncs first).
    const mutations = new MutationObserver(() => {
      watch();
      measure();
    });
    mutations.observe(root, { childList: true, subtree: false });
    measure();
    return () => {
      observer.disconnect();
      mutations.disconnect();
    };
  }, [spotlight]);

  const { x, y, scale } = camera(view, spotlight ? zone : null);
  return (
    <div className="present__stage" ref={stageRef}>
      <div
        className="present__camera"
        ref={cameraRef}
        style={{ transform: `translate(${x}px, ${y}px) scale(${scale})` }}
        data-scale={scale}
        data-testid="present-camera"
      >
        {children}
      </div>
    </div>
  );
}
