import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanvasExport, RichNode } from '../../shared/exportFormat';
import { DEFAULT_STYLE } from '../../shared/houseStyle';
import { buildCanvasPdf } from '../../shared/pdf/buildCanvasPdf';
import type { PdfEngine } from '../../shared/pdf/pdfTypes';
import type { Typeface } from '../../shared/styleValues';
import { actionTable, exampleCanvas } from '../../shared/templates';
import { readPdf } from '../../tests/helpers/pdfText';
import { createNodePdfEngine } from './nodePdfEngine';

const fontkit = createRequire(import.meta.url)('fontkit') as { create(buffer: Buffer): unknown };

let engine: PdfEngine;
let dir: string;

beforeAll(() => {
  engine = createNodePdfEngine();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-pdf-edge-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function poppler(args: string[], bytes: Uint8Array): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  return execFileSync(args[0]!, [...args.slice(1), file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const text = (value: string): RichNode => ({ type: 'text', text: value });
const paragraph = (...content: RichNode[]): RichNode => ({ type: 'paragraph', content });

function withActions(data: CanvasExport, rows: (readonly [string, string, string])[]): CanvasExport {
  return { ...data, actions: { type: 'doc', content: [actionTable(data.language, rows)] } };
}

describe('characters the font lacks', () => {
  for (const typeface of ['inter', 'notoSerif'] as Typeface[]) {
    it(`advance as far as the layout measured and keep their text (${typeface})`, async () => {
      const marks = '✅'.repeat(30);
      const data = withActions({ ...exampleCanvas('en'), style: { ...DEFAULT_STYLE, typeface } }, [[`${marks} einde`, 'Owner', 'Q3'], ['Klaar ❌ en ✔ → مرحبا 你好 gedaan', 'Team', 'Q4']]);
      const pdf = await buildCanvasPdf(data, engine);
      // Each missing character is drawn as .notdef (glyph 0): its width in the font's W array is
      // what the layout measured (in 1/1000 em), not its width in font units.
      const raw = Buffer.from(pdf.bytes).toString('latin1');
      const drawn = [...raw.matchAll(/\/W \[0 \[([\d.]+)/g)].map((m) => Number(m[1]));
      const faces = await engine.fonts(typeface);
      const measured = Object.values(faces).map((bytes) => {
        const font = fontkit.create(Buffer.from(bytes)) as unknown as { unitsPerEm: number; getGlyph(id: number): { advanceWidth: number } };
        return (font.getGlyph(0).advanceWidth * 1000) / font.unitsPerEm;
      });
      expect(drawn.length).toBeGreaterThan(0);
      for (const width of drawn) expect(measured.some((m) => Math.abs(m - width) < 0.01), `${width} in ${measured}`).toBe(true);
      // The text layer keeps the real characters (ActualText), never U+0000.
      const plain = poppler(['pdftotext', '-layout'], pdf.bytes);
      expect(plain).not.toContain('\u0000');
      expect(plain).toContain(`${marks} einde`);
      for (const needle of ['Klaar ❌ en ✔ →', '你好', 'gedaan']) expect(plain, needle).toContain(needle);
    });
  }
});

/** The XMP metadata as pdf.js parses it (nothing when it is not well-formed XML), and the raw XMP. */
async function readXmp(bytes: Uint8Array): Promise<{ title: unknown; description: unknown; xml: string }> {
  const raw = Buffer.from(bytes).toString('utf8');
  const xml = /<\?xpacket begin[\s\S]*?<\?xpacket end="w"\?>/.exec(raw)?.[0] ?? '';
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const { metadata } = await pdf.getMetadata();
    return { title: metadata?.get('dc:title'), description: metadata?.get('dc:description'), xml };
  } finally {
    await pdf.destroy();
  }
}

describe('the XMP metadata', () => {
  const injection = 'x</rdf:li></rdf:Alt></dc:title><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Pwned';
  for (const title of ['Strategie & visie <2027> "nu" \'t', injection, 'Plan \uffff\ufffe\u0001 2027']) {
    it(`is well-formed XML with the title as dc:title: ${JSON.stringify(title).slice(0, 40)}`, async () => {
      const data = { ...exampleCanvas('nl'), title };
      const pdf = await buildCanvasPdf(data, engine);
      const xmp = await readXmp(pdf.bytes);
      const clean = title.replace(/[\u0001\ufffe\uffff]/g, '');
      expect(xmp.title).toBe(clean);
      expect(xmp.description).toBe(`${clean} · ${data.subtitle}`);
      expect(xmp.xml.match(/<dc:title>/g)).toHaveLength(1);
      expect(xmp.xml).not.toContain('<rdf:li xml:lang="x-default">Pwned');
      // The Info dictionary keeps the title as it is.
      expect((await readPdf(pdf.bytes)).info.Title).toBe(title);
    });
  }
});

describe('a crafted logo', () => {
  it('is left out: the PDF is made without it (pdfkit would throw where nothing can catch it)', async () => {
    const png = fs.readFileSync(path.join(import.meta.dirname, '../../tests/fixtures/style/crafted-idat.png'));
    const data = { ...exampleCanvas('nl'), style: { ...DEFAULT_STYLE, logo: png.toString('base64') } };
    const pdf = await buildCanvasPdf(data, engine);
    expect(Buffer.from(pdf.bytes).toString('latin1')).not.toMatch(/\/Subtype\s*\/Image/);
    expect((await readPdf(pdf.bytes)).pages).toBe(1);
  });
});
