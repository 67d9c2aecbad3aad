import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importCanvas } from './canvasTransfer';
import {
  FRAGMENT_ZONES,
  MAX_PILLARS,
  ROOT,
  addPillar,
  canvasLanguage,
  pillarsArray,
  readPillar,
  removePillar,
  subtitleText,
  titleText,
  zoneFragment,
} from './docLayout';
import { blankCanvas } from './templates';

describe('the document layout', () => {
  it('creates every zone as its own root type', () => {
    const doc = new Y.Doc();
    importCanvas(doc, blankCanvas('en', 'T'), () => Math.random().toString(36));
    for (const zone of FRAGMENT_ZONES) expect(zoneFragment(doc, zone)).toBeInstanceOf(Y.XmlFragment);
    expect(pillarsArray(doc)).toBeInstanceOf(Y.Array);
    expect(titleText(doc).toString()).toBe('T');
    expect(subtitleText(doc).toString()).toBe('');
    expect(canvasLanguage(doc)).toBe('en');
    expect([...doc.share.keys()].sort()).toEqual(Object.values(ROOT).sort());
    expect(zoneFragment(doc, 'actions').length).toBe(1);
    expect(pillarsArray(doc).length).toBe(3);
  });

  it('adds pillars up to five and removes them by id', () => {
    const doc = new Y.Doc();
    for (let i = 0; i < MAX_PILLARS; i++) expect(addPillar(doc, `p${i}`)).toBe(true);
    expect(addPillar(doc, 'p-too-many')).toBe(false);
    expect(removePillar(doc, 'p2')).toBe(true);
    expect(removePillar(doc, 'p2')).toBe(false);
    expect(pillarsArray(doc).toArray().map((p, i) => readPillar(p, i).id)).toEqual(['p0', 'p1', 'p3', 'p4']);
  });

  it('reads a pillar written by a raw client without throwing', () => {
    const doc = new Y.Doc();
    pillarsArray(doc).push(['not a map' as unknown as Y.Map<unknown>]);
    expect(readPillar(pillarsArray(doc).get(0), 0)).toEqual({ id: 'pillar-0', title: null, body: null });
  });

  it('reads an unexpected language as Dutch', () => {
    const doc = new Y.Doc();
    doc.getMap(ROOT.meta).set('language', 'fr');
    expect(canvasLanguage(doc)).toBe('nl');
  });
});
