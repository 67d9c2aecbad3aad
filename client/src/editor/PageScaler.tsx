import { useEffect, useRef, useState, type ReactNode } from 'react';

/** The A4's width in CSS pixels (210 mm at 96 dpi). */
const PAGE_WIDTH_PX = (210 / 25.4) * 96;

/**
 * Scales the A4 to the window's width with CSS `zoom`, which (unlike a transform) keeps
 * layout, hit-testing and the editor's selection coordinates right.
 */
export function PageScaler({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement | null>(null);
  const [zoom, setZoom] = useState(1);
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const observer = new ResizeObserver(([entry]) => {
      const width = entry?.contentRect.width ?? PAGE_WIDTH_PX;
      setZoom(Math.max(0.3, Math.min(1.5, width / PAGE_WIDTH_PX)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div className="page-scaler" ref={ref}>
      <div className="page-scaler__inner" style={{ zoom }}>
        {children}
      </div>
    </div>
  );
}
