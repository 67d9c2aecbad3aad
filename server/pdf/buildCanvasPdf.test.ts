import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, blankZone, type CanvasExport } from '../../shared/exportFormat';
import { buildCanvasPdf, READABLE_SCALE } from '../../shared/pdf/buildCanvasPdf';
import type { PdfEngine } from '../../shared/pdf/pdfTypes';
import { blankCanvas, exampleCanvas } from '../../shared/templates';
import { exportText, missingWords, pdfContains, readPdf } from '../../tests/helpers/pdfText';
import { createNodePdfEngine } from './nodePdfEngine';
import { normaliseLogo } from '../style/logoImage';
import { TYPEFACES, TYPEFACE_KEYS, fontFile, toBase64 } from '../../shared/styleValues';
import { DEFAULT_STYLE } from '../../shared/houseStyle';

const A4 = { width: 595.28, height: 841.89 };
let engine: PdfEngine;

beforeAll(() => {
  engine = createNodePdfEngine();
});

function timesFour(canvas: CanvasExport): CanvasExport {
  const four = <T,>(list: T[]) => [...list, ...list, ...list, ...list];
  return {
    ...canvas,
    horizon: { type: 'doc', content: four(canvas.horizon.content) },
    obstacles: { type: 'doc', content: four(canvas.obstacles.content) },
    pillars: canvas.pillars.map((p) => ({ title: p.title, body: { type: 'doc', content: four(p.body.content) } })),
    actions: { type: 'doc', content: four(canvas.actions.content) },
  };
}

describe('the canvas PDF', () => {
  it('is one A4 page holding every word of the example, accents and symbols included', async () => {
    const example = exampleCanvas('nl');
    const pdf = await buildCanvasPdf(example, engine);
    const facts = await readPdf(pdf.bytes);
    expect(facts.pages).toBe(1);
    expect(facts.width).toBeCloseTo(A4.width, 1);
    expect(facts.height).toBeCloseTo(A4.height, 1);
    expect(pdf.scale).toBe(1);
    expect(pdf.fits).toBe(true);
    expect(missingWords(exportText(example), facts.text)).toEqual([]);
    for (const needle of ['é', 'ë', '€', '’', 'STIP AAN DE HORIZON', 'OBSTAKELS', 'STRATEGISCHE PIJLERS', 'ACTIEPLAN', 'WANNEER']) {
      expect(pdfContains(facts.text, needle), needle).toBe(true);
    }
    expect(facts.info.Title).toBe(example.title);
    expect(facts.info.Author).toBe('Stip');
    expect(facts.info.Creator).toBe('Stip');
    expect(String(facts.info.CreationDate)).toMatch(/^D:\d{14}/);
  });

  it('embeds its fonts as subsets (no standard fonts)', async () => {
    const pdf = await buildCanvasPdf(exampleCanvas('en'), engine);
    const raw = Buffer.from(pdf.bytes).toString('latin1');
    expect(raw).toMatch(/\/FontFile2/);
    const baseFonts = [...raw.matchAll(/\/BaseFont\s*\/([^\s/>]+)/g)].map((m) => m[1]!);
    expect(baseFonts.length).toBeGreaterThan(0);
    for (const name of baseFonts) expect(name).toMatch(/^[A-Z]{6}\+Inter/);
  });

  it('shrinks four times the example onto one page with all text, below full size', async () => {
    const long = timesFour(exampleCanvas('nl'));
    const pdf = await buildCanvasPdf(long, engine);
    const facts = await readPdf(pdf.bytes);
    expect(facts.pages).toBe(1);
    expect(pdf.scale).toBeLessThan(1);
    expect(pdf.scale).toBeGreaterThan(0.4);
    expect(pdf.fits).toBe(true);
    expect(missingWords(exportText(long), facts.text)).toEqual([]);
  });

  it('prints an empty canvas as one page with the headings in the canvas language', async () => {
    const facts = await readPdf((await buildCanvasPdf(blankCanvas('en'), engine)).bytes);
    expect(facts.pages).toBe(1);
    for (const heading of ['DOT ON THE HORIZON', 'OBSTACLES', 'STRATEGIC PILLARS', 'ACTION PLAN', 'WHO']) {
      expect(pdfContains(facts.text, heading), heading).toBe(true);
    }
  });

  it('survives hostile content on one page without losing text', async () => {
    const longWord = 'x'.repeat(300);
    const items = Array.from({ length: 500 }, (_, i) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: `punt${i}` }] }] }));
    const hostile: CanvasExport = {
      format: EXPORT_FORMAT,
      title: '<script>alert(1)</script>',
      subtitle: 'مرحبا بالعالم · 🎯🚀',
      language: 'nl',
      horizon: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `${longWord} 🎯 emoji` }] }] },
      obstacles: { type: 'doc', content: [{ type: 'bulletList', content: items }] },
      pillars: [{ title: 'שלום', body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }] }] } }],
      actions: blankZone(),
    };
    const pdf = await buildCanvasPdf(hostile, engine);
    const facts = await readPdf(pdf.bytes);
    expect(facts.pages).toBe(1);
    expect(pdf.fits).toBe(false);
    expect(pdf.scale).toBeLessThan(READABLE_SCALE);
    const squashed = facts.text.replace(/[\s\u200b]+/g, '');
    expect(squashed).toContain(longWord);
    expect(squashed).toContain('punt0');
    expect(squashed).toContain('punt499');
    expect(squashed).toContain('<script>alert(1)</script>');
  });

  it('keeps four times the example on one page, every word there, with a tall logo in each typeface; the logo and the font cost room the search finds', async () => {
    // A logo as tall as the box allows (3:1 drawn into 960 x 320): the most header it can take.
    const logo = toBase64((await normaliseLogo(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="30" height="10"><rect width="30" height="10" fill="#0b6e4f"/></svg>'))).png);
    const long = timesFour(exampleCanvas('nl'));
    for (const typeface of TYPEFACE_KEYS) {
      const styled = { ...long, style: { ...DEFAULT_STYLE, typeface, logo } };
      const pdf = await buildCanvasPdf(styled, engine);
      const facts = await readPdf(pdf.bytes);
      expect(facts.pages, typeface).toBe(1);
      expect(pdf.fits, typeface).toBe(true);
      expect(missingWords(exportText(styled), facts.text), typeface).toEqual([]);
      const raw = Buffer.from(pdf.bytes).toString('latin1');
      const fonts = new Set([...raw.matchAll(/\/BaseFont\s*\/[A-Z]{6}\+([^\s/>-]+)/g)].map((m) => m[1]));
      expect([...fonts], typeface).toEqual([TYPEFACES[typeface].prefix]);
      expect(raw, typeface).toMatch(/\/Subtype\s*\/Image/);
    }
    // Beside a title without a subtitle the logo is the taller: the header grows, and the search
    // sets the same text smaller than without it.
    const untitled = { ...long, subtitle: '' };
    const without = await buildCanvasPdf(untitled, engine);
    const withLogo = await buildCanvasPdf({ ...untitled, style: { ...DEFAULT_STYLE, logo } }, engine);
    expect((await readPdf(withLogo.bytes)).pages).toBe(1);
    expect(withLogo.scale).toBeLessThan(without.scale);
  }, 60_000);

  it('knows each typeface’s natural line, so the PDF’s lines are as tall as the page’s in every typeface', () => {
    const require = createRequire(import.meta.url);
    const fontkit = require('fontkit') as { openSync(file: string): { unitsPerEm: number; ascent: number; descent: number } };
    for (const typeface of TYPEFACE_KEYS) {
      const dir = path.dirname(require.resolve(`@expo-google-fonts/${TYPEFACES[typeface].dir}/package.json`));
      const font = fontkit.openSync(path.join(dir, fontFile(typeface, 'normal')));
      expect((font.ascent - font.descent) / font.unitsPerEm, typeface).toBeCloseTo(TYPEFACES[typeface].naturalLine, 2);
    }
  });
});
