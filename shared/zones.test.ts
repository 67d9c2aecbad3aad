import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { canvasToMarkdown } from './canvasMarkdown';
import { noCheckpoint } from './checkpoint';
import { exportCanvas, importCanvas, validateCanvasExport } from './canvasTransfer';
import { LANGUAGES, ROOT } from './docLayout';
import { canvasExportSchema, type CanvasExport, type RichNode } from './exportFormat';
import { canvasPage } from './pdf/canvasPdfPage';
import type { PdfKitDocument } from './pdf/pdfTypes';
import { blankCanvas, exampleCanvas } from './templates';
import { SPOTLIGHT_KEYS, ZONES, ZONE_KEYS, spotlightKey, type Zone } from './zones';

/**
 * The text the PDF's drawing pass writes, in order: a stand-in document records every
 * `text()` call and runs the structure elements' drawing closures; widths are guessed, and
 * its font has every character.
 */
function pdfText(data: CanvasExport): string {
  const written: string[] = [];
  const element = { add: (child: unknown) => (typeof child === 'function' && child(), element), end: () => undefined };
  const doc: PdfKitDocument = new Proxy({} as PdfKitDocument, {
    get: (_, name) => {
      if (name === 'text') return (text: string) => (written.push(text), doc);
      if (name === 'struct') return () => element;
      if (name === 'currentLineHeight') return () => 10;
      // The current font, asked whether it has each character (it has them all).
      if (name === '_font') return { font: { hasGlyphForCodePoint: () => true } };
      return () => doc;
    },
  });
  canvasPage(doc, data, (text) => text.length * 0.5, noCheckpoint).draw(1);
  return written.join(' ').replace(/\s+/g, ' ');
}

/** The first text written in a zone of an export: proof that its content got somewhere. */
function firstText(data: CanvasExport, zone: Zone): string {
  const value: unknown = data[zone.key];
  const nodes = (Array.isArray(value) ? value.map((pillar: { body: unknown }) => pillar.body) : [value]) as RichNode[];
  const found = nodes.flatMap(function collect(node: RichNode): string[] {
    return node.type === 'text' && node.text ? [node.text] : (node.content ?? []).flatMap(collect);
  })[0];
  if (!found) throw new Error(`the example canvas has no text in ${zone.key}`);
  return found;
}

/** Where each of `needles` is found in `haystack`, in turn (each after the one before); -1 when not. */
function positionsInOrder(haystack: string, needles: string[]): number[] {
  let from = 0;
  return needles.map((needle) => {
    const at = haystack.indexOf(needle, from);
    if (at >= 0) from = at + needle.length;
    return at;
  });
}

describe('the zone table', () => {
  it('has unique keys, a heading in every canvas language, and columns for every table zone', () => {
    expect(new Set(ZONE_KEYS).size).toBe(ZONES.length);
    for (const zone of ZONES) {
      for (const language of LANGUAGES) expect(zone.heading[language].trim(), `${zone.key} ${language}`).not.toBe('');
      if (zone.kind === 'table') for (const language of LANGUAGES) expect(zone.columns[language].length).toBeGreaterThan(0);
    }
    // The projector: key n spotlights the n-th zone, 0 the whole page.
    expect(ZONE_KEYS.map((_, i) => spotlightKey(SPOTLIGHT_KEYS[i]!))).toEqual([...ZONE_KEYS]);
    expect(spotlightKey('0')).toBeNull();
    expect(spotlightKey(String(ZONES.length + 1))).toBeUndefined();
  });

  // A zone in the table but missing from any output fails here, whatever the output.
  describe.each(LANGUAGES)('every zone reaches every output of the example canvas (%s)', (language) => {
    const example = exampleCanvas(language);

    it('the Y.Doc: a root per zone, filled on import', () => {
      const doc = new Y.Doc();
      importCanvas(doc, example, () => Math.random().toString(36).slice(2));
      for (const zone of ZONES) {
        expect(ROOT[zone.key], zone.key).toBe(zone.key);
        const root = doc.share.get(zone.key) as Y.AbstractType<unknown> | undefined;
        expect(root, zone.key).toBeDefined();
        expect(root!._length, zone.key).toBeGreaterThan(0);
      }
    });

    it('the export JSON: a field per zone, in the table order, with its text, through import and export', () => {
      const doc = new Y.Doc();
      importCanvas(doc, example, () => Math.random().toString(36).slice(2));
      const exported = exportCanvas(doc);
      expect(Object.keys(exported)).toEqual(['format', 'title', 'subtitle', 'language', ...ZONE_KEYS, 'style']);
      // The zones, then the rounds (@2), which are no zone and never on the A4, and the house style (@3).
      expect(Object.keys(canvasExportSchema.def.shape)).toEqual(['format', 'title', 'subtitle', 'language', ...ZONE_KEYS, 'rounds', 'style']);
      for (const zone of ZONES) expect(JSON.stringify(exported[zone.key]), zone.key).toContain(JSON.stringify(firstText(example, zone)));
      const checked = validateCanvasExport(JSON.parse(JSON.stringify(exported)));
      expect(checked.ok && Object.keys(checked.value)).toEqual(['format', 'title', 'subtitle', 'language', ...ZONE_KEYS, 'style']);
      expect(Object.keys(blankCanvas(language))).toEqual(['format', 'title', 'subtitle', 'language', ...ZONE_KEYS]);
    });

    it('the Markdown: a heading per zone, in the table order, each followed by its text', () => {
      const markdown = canvasToMarkdown(example);
      const wanted = ZONES.flatMap((zone) => [`\n## ${zone.heading[language]}\n`, firstText(example, zone)]);
      expect(positionsInOrder(markdown, wanted).every((at) => at >= 0), wanted.join(' | ')).toBe(true);
    });

    it('the PDF page: a heading per zone, in the table order, each followed by its text', () => {
      // Headings and table headers are set in capitals: compare without case.
      const all = pdfText(example).toLocaleLowerCase();
      const wanted = ZONES.flatMap((zone) => [zone.heading[language], firstText(example, zone)].map((t) => t.toLocaleLowerCase()));
      expect(positionsInOrder(all, wanted).every((at) => at >= 0), wanted.join(' | ')).toBe(true);
    });
  });
});
