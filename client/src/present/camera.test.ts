import { describe, expect, it } from 'vitest';
import { PAGE_HEIGHT, PAGE_WIDTH, camera } from './camera';

/** Where a page box lands on screen under a camera. */
const onScreen = (c: { x: number; y: number; scale: number }, box: { x: number; y: number; width: number; height: number }) => ({
  left: c.x + box.x * c.scale,
  top: c.y + box.y * c.scale,
  right: c.x + (box.x + box.width) * c.scale,
  bottom: c.y + (box.y + box.height) * c.scale,
});

describe('the projector camera', () => {
  it.each([
    [1920, 1080],
    [1024, 768],
    [1080, 1920],
  ])('letterboxes the whole A4 in the middle of %i x %i', (width, height) => {
    const c = camera({ width, height }, null);
    const page = onScreen(c, { x: 0, y: 0, width: PAGE_WIDTH, height: PAGE_HEIGHT });
    expect(page.left).toBeGreaterThanOrEqual(0);
    expect(page.top).toBeGreaterThanOrEqual(0);
    expect(page.right).toBeLessThanOrEqual(width);
    expect(page.bottom).toBeLessThanOrEqual(height);
    // Centred, and filling the screen in its tighter direction.
    expect(page.left).toBeCloseTo(width - page.right, 5);
    expect(page.top).toBeCloseTo(height - page.bottom, 5);
    expect(Math.max((page.right - page.left) / width, (page.bottom - page.top) / height)).toBeCloseTo(0.97, 5);
  });

  it('zooms a wide, low zone to the screen width, centred', () => {
    const zone = { x: 45, y: 300, width: 704, height: 160 };
    const c = camera({ width: 1920, height: 1080 }, zone);
    const box = onScreen(c, zone);
    expect(box.right - box.left).toBeGreaterThan(1700);
    expect(box.left).toBeGreaterThan(0);
    expect(box.right).toBeLessThan(1920);
    expect((box.left + box.right) / 2).toBeCloseTo(960, 5);
    expect((box.top + box.bottom) / 2).toBeCloseTo(540, 5);
  });

  it('fits a tall zone by its height and never zooms past 5x', () => {
    const tall = { x: 45, y: 500, width: 704, height: 560 };
    const box = onScreen(camera({ width: 1920, height: 1080 }, tall), tall);
    expect(box.top).toBeGreaterThan(0);
    expect(box.bottom).toBeLessThan(1080);
    expect(camera({ width: 1920, height: 1080 }, { x: 0, y: 0, width: 50, height: 20 }).scale).toBe(5);
  });
});
