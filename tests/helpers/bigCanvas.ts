import type { CanvasExport, RichNode } from '../../shared/exportFormat';
import { blankCanvas } from '../../shared/templates';

/**
 * A canvas of `items` one-line list items spread over its eight zones (100,000 items: about
 * 5 MB encoded, 7.5 MB of export JSON). Import it with MAX_BODY_BYTES raised.
 */
export function bigListCanvas(items: number, title = 'Groot canvas'): CanvasExport {
  const base = blankCanvas('nl', title);
  const share = Math.ceil(items / 8);
  const list = (zone: number): { type: 'doc'; content: RichNode[] } => ({
    type: 'doc',
    content: [
      {
        type: 'bulletList',
        content: Array.from({ length: share }, (_, i) => ({
          type: 'listItem',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: `Punt ${zone * share + i}` }] }],
        })),
      },
    ],
  });
  return {
    ...base,
    horizon: list(0),
    obstacles: list(1),
    pillars: base.pillars.map((p, i) => ({ title: p.title, body: list(2 + i) })),
    actions: list(7),
  };
}
