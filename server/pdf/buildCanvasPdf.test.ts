import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, blankZone, type CanvasExport } from '../../shared/exportFormat';
import { buildCanvasPdf, READABLE_SCALE } from '../../shared/pdf/buildCanvasPdf';
import type { PdfEngine } from '../../shared/pdf/pdfTypes';
import { blankCanvas, exampleCanvas } from '../../shared/templates';
import { exportText, missingWords, pdfContains, readPdf } from '../../tests/helpers/pdfText';
import { createNodePdfEngine } from './nodePdfEngine';

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
});
