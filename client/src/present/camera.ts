/** The A4 in CSS pixels at 96 dpi (210 x 297 mm), as laid out before any scaling. */
export const PAGE_WIDTH = (210 / 25.4) * 96;
export const PAGE_HEIGHT = (297 / 25.4) * 96;

/** Share of the screen the whole page fills (a thin margin keeps its edge visible). */
const PAGE_FILL = 0.97;
/** Share of the screen a spotlighted zone may fill, and room around it (page pixels). */
const ZONE_FILL_X = 0.94;
const ZONE_FILL_Y = 0.9;
const ZONE_PAD = 14;
/** A one-line zone is not blown up beyond this. */
const MAX_ZOOM = 5;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Camera {
  x: number;
  y: number;
  scale: number;
}

/**
 * Where the page goes on a `view`-sized screen: the whole A4 letterboxed in the middle, or
 * `zone` (a box in page pixels) as large as fits, centred.
 */
export function camera(view: { width: number; height: number }, zone: Box | null): Camera {
  if (!zone) {
    const scale = Math.min(view.width / PAGE_WIDTH, view.height / PAGE_HEIGHT) * PAGE_FILL;
    return { scale, x: (view.width - PAGE_WIDTH * scale) / 2, y: (view.height - PAGE_HEIGHT * scale) / 2 };
  }
  const width = zone.width + 2 * ZONE_PAD;
  const height = zone.height + 2 * ZONE_PAD;
  const scale = Math.min((view.width * ZONE_FILL_X) / width, (view.height * ZONE_FILL_Y) / height, MAX_ZOOM);
  return {
    scale,
    x: view.width / 2 - (zone.x + zone.width / 2) * scale,
    y: view.height / 2 - (zone.y + zone.height / 2) * scale,
  };
}
