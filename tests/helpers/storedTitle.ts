import * as Y from 'yjs';
import { titleText } from '../../shared/docLayout';
import type { Storage } from '../../server/storage/Storage';

/** The canvas's title as the store holds it (not as the room holds it). */
export async function storedTitle(storage: Storage, canvasId: string): Promise<string> {
  const { updates } = await storage.loadUpdates(canvasId);
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  const title = titleText(doc).toString();
  doc.destroy();
  return title;
}
