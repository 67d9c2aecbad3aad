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
import { actionTable, blankCanvas, exampleCanvas } from '../../shared/templates';
import { readPdf, readPdfLinks, readTaggedPdf, type TaggedNode } from '../../tests/helpers/pdfText';
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
  const out = args[0] === 'pdftotext' ? ['-'] : [];
  return execFileSync(args[0]!, [...args.slice(1), file, ...out], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
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
  const titles: [title: string, clean: string][] = [
    ['Strategie & visie <2027> "nu" \'t', 'Strategie & visie <2027> "nu" \'t'],
    [injection, injection],
    ['Plan \uffff\ufffe\u0001 2027', 'Plan  2027'],
  ];
  for (const [title, clean] of titles) {
    it(`is well-formed XML with the title as dc:title: ${JSON.stringify(title).slice(0, 40)}`, async () => {
      const data = { ...exampleCanvas('nl'), title };
      const pdf = await buildCanvasPdf(data, engine);
      const xmp = await readXmp(pdf.bytes);
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

/** An element of the raw structure tree, read from the PDF's objects (as the reviewer's rawtree.py does). */
interface RawElement {
  role: string;
  /** Kids: elements, or 'content' for a marked-content id or an annotation. */
  kids: (RawElement | 'content')[];
}

/**
 * The structure tree as written, empty elements included (pdf.js's getStructTree leaves them
 * out). Structure elements are dictionaries, never compressed: read from the file's objects.
 */
function rawStructTree(bytes: Uint8Array): RawElement {
  const raw = Buffer.from(bytes).toString('latin1');
  const objects = new Map<number, string>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) objects.set(Number(m[1]), m[2]!);
  const kidsOf = (body: string) => /\/K\s*(\[[\s\S]*?\]|\d+ 0 R|\d+)/.exec(body)?.[1] ?? '';
  const element = (id: number): RawElement => {
    const body = objects.get(id)!;
    const kids = kidsOf(body);
    const refs = [...kids.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
    const mcids = kids.replace(/\d+ 0 R/g, '').match(/\d+/g) ?? [];
    return {
      role: /\/S \/(\w+)/.exec(body)![1]!,
      kids: [...refs.map((ref) => (/\/S \//.test(objects.get(ref) ?? '') ? element(ref) : 'content' as const)), ...mcids.map(() => 'content' as const)],
    };
  };
  const root = [...objects.values()].find((body) => body.includes('/Type /StructTreeRoot'))!;
  return { role: 'StructTreeRoot', kids: [...kidsOf(root).matchAll(/(\d+) 0 R/g)].map((m) => element(Number(m[1]))) };
}

function allElements(node: RawElement): RawElement[] {
  return [node, ...node.kids.flatMap((kid) => (kid === 'content' ? [] : allElements(kid)))];
}

describe('the structure tree', () => {
  it('has no empty elements: blank canvas, empty paragraphs, hard breaks only, untitled pillars, empty cells and list items', async () => {
    const blank = blankCanvas('en');
    const empties: RichNode[] = [
      paragraph(),
      paragraph({ type: 'hardBreak' }, { type: 'hardBreak' }),
      paragraph(text('   ')),
      { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph()] }] },
      paragraph(text('Kept')),
    ];
    const data: CanvasExport = { ...blank, obstacles: { type: 'doc', content: empties }, horizon: { type: 'doc', content: [paragraph()] } };
    for (const canvas of [blank, data]) {
      const pdf = await buildCanvasPdf(canvas, engine);
      const tree = rawStructTree(pdf.bytes);
      const elements = allElements(tree);
      const empty = elements.filter((element) => element.kids.length === 0 && element.role !== 'TD' && element.role !== 'TH');
      expect(empty.map((element) => element.role)).toEqual([]);
      // An empty table cell is still a cell, with no empty paragraph in it.
      const cells = elements.filter((element) => element.role === 'TD');
      expect(cells).toHaveLength(3);
      for (const cell of cells) expect(cell.kids).toEqual([]);
      // The title and untitled pillars read as the other outputs have them.
      const facts = await readTaggedPdf(pdf.bytes);
      const top = facts.root!.children[0]!.children;
      expect(top[0]!.role).toBe('H1');
      expect(top[0]!.text.trim()).toBe('Untitled canvas');
      expect(facts.title).toBe('Untitled canvas');
      const pillars = top.find((section) => section.children.some((child) => child.role === 'Sect'))!;
      expect(pillars.children.filter((child) => child.role === 'Sect').map((pillar) => pillar.children[0]!.text.trim())).toEqual(['Pillar 1', 'Pillar 2', 'Pillar 3']);
    }
  });
});

describe('a very long action table', () => {
  it('keeps all of its 1,500 rows on the one page', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => [`do${i}`, `who${i}`, `q${i}`] as const);
    const pdf = await buildCanvasPdf(withActions(exampleCanvas('en'), rows), engine);
    expect(pdf.fits).toBe(false);
    const plain = poppler(['pdftotext'], pdf.bytes);
    expect(poppler(['pdfinfo'], pdf.bytes)).toMatch(/Pages:\s+1\n/);
    const found = new Set(plain.split(/\s+/));
    const missing = rows.flat().filter((word) => !found.has(word));
    expect(missing.slice(0, 10)).toEqual([]);
  }, 30_000);
});

describe('links', () => {
  function find(node: TaggedNode, role: string): TaggedNode[] {
    return [...(node.role === role ? [node] : []), ...node.children.flatMap((child) => find(child, role))];
  }

  it('are checked against the allow-list (no javascript: action, even called directly); a link changing style inside is one Link', async () => {
    const link = (href: string) => ({ type: 'link', attrs: { href } });
    const data: CanvasExport = {
      ...exampleCanvas('en'),
      horizon: {
        type: 'doc',
        content: [
          paragraph(text('Read '), { type: 'text', text: 'the ', marks: [link('https://example.org/plan')] }, { type: 'text', text: 'bold', marks: [link('https://example.org/plan'), { type: 'bold' }] }, { type: 'text', text: ' plan', marks: [link('https://example.org/plan')] }, text(' now.')),
          paragraph({ type: 'text', text: 'not a link', marks: [link('javascript:alert(1)')] }),
        ],
      },
    };
    const pdf = await buildCanvasPdf(data, engine);
    // One annotation per piece in one style: the, bold, plan.
    expect(await readPdfLinks(pdf.bytes)).toEqual(Array(3).fill('https://example.org/plan'));
    expect(Buffer.from(pdf.bytes).toString('latin1')).not.toMatch(/javascript/i);
    const facts = await readTaggedPdf(pdf.bytes);
    const links = find(facts.root!, 'Link');
    expect(links.map((element) => [element.text.trim(), element.annotations])).toEqual([['the bold plan', 3]]);
    expect(facts.root!.text).toContain('not a link');
  });
});
