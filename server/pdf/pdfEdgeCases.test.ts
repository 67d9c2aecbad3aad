import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanvasExport, RichNode } from '../../shared/exportFormat';
import { DEFAULT_STYLE } from '../../shared/houseStyle';
import { buildCanvasPdf } from '../../shared/pdf/buildCanvasPdf';
import type { PdfEngine } from '../../shared/pdf/pdfTypes';
import type { Typeface } from '../../shared/styleValues';
import { actionTable, exampleCanvas } from '../../shared/templates';
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
