import type * as Y from 'yjs';
import {
  FRAGMENT_ZONES,
  MAX_PILLARS,
  createPillar,
  pillarsArray,
  readPillar,
  setCanvasLanguage,
  subtitleText,
  titleText,
  zoneFragment,
} from './docLayout';
import { exportCanvas, fillFragment, replaceText } from './canvasTransfer';
import { writeStyle } from './houseStyle';
import { canvasSchema } from './editorSchema';
import type { CanvasExport, ZoneDoc } from './exportFormat';

const same = (a: ZoneDoc, b: ZoneDoc) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Makes a live document show `data` as one new change on top of its history (never by
 * resetting it), so every connected client sees the result at once and undo stays local.
 * Only what differs is rewritten: an unchanged zone, title or pillar is not touched, and
 * pillars keep their ids (and so their open editors) where they still exist.
 */
export function restoreCanvas(doc: Y.Doc, data: CanvasExport, newPillarId: () => string, origin?: unknown): void {
  const schema = canvasSchema();
  const current = exportCanvas(doc);
  doc.transact(() => {
    replaceText(titleText(doc), data.title);
    replaceText(subtitleText(doc), data.subtitle);
    if (current.language !== data.language) setCanvasLanguage(doc, data.language);
    // A version saved before styles were exported (@2) leaves the style as it is.
    if (data.style) writeStyle(doc, data.style);
    for (const zone of FRAGMENT_ZONES) {
      if (!same(current[zone], data[zone])) fillFragment(schema, zoneFragment(doc, zone), data[zone]);
    }
    const pillars = pillarsArray(doc);
    const wanted = data.pillars.slice(0, MAX_PILLARS);
    if (pillars.length > wanted.length) pillars.delete(wanted.length, pillars.length - wanted.length);
    wanted.forEach((pillar, index) => {
      const existing = index < pillars.length ? readPillar(pillars.get(index), index) : null;
      if (existing?.title && existing.body) {
        replaceText(existing.title, pillar.title);
        if (!same(current.pillars[index]?.body ?? { type: 'doc', content: [] }, pillar.body)) {
          fillFragment(schema, existing.body, pillar.body);
        }
        return;
      }
      // Missing, or not a pillar a client could edit (a raw Yjs client wrote it): a new one.
      if (existing) pillars.delete(index, 1);
      const map = createPillar(newPillarId(), pillar.title);
      pillars.insert(index, [map]);
      fillFragment(schema, map.get('body') as Y.XmlFragment, pillar.body);
    });
  }, origin);
}
