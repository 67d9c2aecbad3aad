import { zlibSync } from 'fflate';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { exportCanvas, importCanvas, validateCanvasExport } from './canvasTransfer';
import { blankCanvas } from './templates';
import { DEFAULT_STYLE, importDesignTokens, invalidStyleSettings, readStyle, writeStyle } from './houseStyle';
import tokens from '../tests/fixtures/style/tokens.json';
import { checkPng, contrastRatio, primaryReadable, readablePrimary, toBase64, weakestContrast } from './styleValues';

// A real 8-bit RGBA PNG, 4 x 2 px of one green.
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAYAAAB/qH1jAAAAEUlEQVR4nGPgzvP/j4wZ0AUA5uYOOexECd4AAAAASUVORK5CYII='),
  (c) => c.charCodeAt(0),
);

describe('contrast', () => {
  it('computes WCAG ratios: black on white is 21:1, Stip’s blue passes, a yellow does not', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(primaryReadable(DEFAULT_STYLE.primaryColor)).toBe(true);
    expect(primaryReadable('#ffd166')).toBe(false);
  });

  it('darkens a primary colour until every text it is used for, or drawn on, reaches 4.5:1', () => {
    for (const color of ['#ffd166', '#77aaff', '#ff0000', '#ffffff']) {
      const readable = readablePrimary(color);
      expect(readable).not.toBe(color);
      expect(weakestContrast(readable)).toBeGreaterThanOrEqual(4.5);
    }
    expect(readablePrimary('#0b6e4f')).toBe('#0b6e4f');
  });
});

describe('the logo check', () => {
  it('takes an 8-bit RGBA PNG and refuses anything else', () => {
    expect(checkPng(PNG)).toEqual({ ok: true, width: 4, height: 2 });
    expect(checkPng(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')).ok).toBe(false);
    const damaged = PNG.slice();
    damaged[40] = damaged[40]! ^ 0xff;
    expect(checkPng(damaged)).toMatchObject({ ok: false });
    const trailing = new Uint8Array([...PNG, 0x3c, 0x73]);
    expect(checkPng(trailing)).toEqual({ ok: false, reason: 'bytes after IEND' });
    // IHDR claiming 60000 x 2 with a right CRC is still refused by its size.
    const wide = PNG.slice();
    new DataView(wide.buffer).setUint32(16, 60000);
    expect(checkPng(wide)).toMatchObject({ ok: false });
  });
});

/** A PNG of `width` x `height` 8-bit RGBA with `idat` as its image data, every CRC right. */
function craftedPng(width: number, height: number, idat: Uint8Array): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const body = new Uint8Array([...new TextEncoder().encode(type), ...data]);
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(body, 4);
    view.setUint32(8 + data.length, crc32(body));
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const parts = [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array())];
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** `height` rows of `width` RGBA pixels, each row after the filter byte `filter`. */
const rows = (width: number, height: number, filter: number) =>
  Uint8Array.from({ length: height * (1 + width * 4) }, (_, i) => (i % (1 + width * 4) === 0 ? filter : 0x80));

describe('the logo check inflates the image data', () => {
  it('takes well-formed image data, built here the same way', () => {
    expect(checkPng(craftedPng(30, 10, zlibSync(rows(30, 10, 1))))).toEqual({ ok: true, width: 30, height: 10 });
  });

  it('refuses image data that is not zlib, rows with an unknown filter, too little or too much data, a wrong checksum', () => {
    const garbage = Uint8Array.from({ length: 200 }, (_, i) => (i * 37 + 11) & 0xff);
    expect(checkPng(craftedPng(30, 10, garbage))).toMatchObject({ ok: false });
    expect(checkPng(craftedPng(30, 10, zlibSync(rows(30, 10, 9))))).toEqual({ ok: false, reason: 'an unknown row filter' });
    expect(checkPng(craftedPng(30, 10, zlibSync(rows(30, 9, 0))))).toEqual({ ok: false, reason: 'image data of the wrong size' });
    expect(checkPng(craftedPng(30, 10, zlibSync(rows(30, 11, 0))))).toEqual({ ok: false, reason: 'image data of the wrong size' });
    const wrongSum = zlibSync(rows(30, 10, 0));
    wrongSum[wrongSum.length - 1]! ^= 1;
    expect(checkPng(craftedPng(30, 10, wrongSum))).toEqual({ ok: false, reason: 'image data with a wrong checksum' });
  });
});

describe('the style in the document and the export', () => {
  it('is written, read, exported and imported again; an invalid value reads as the default', () => {
    const doc = new Y.Doc();
    importCanvas(doc, blankCanvas('nl', 'Gemeente'), () => 'p');
    expect(readStyle(doc)).toEqual(DEFAULT_STYLE);
    const style = { primaryColor: '#0b6e4f', accentColor: '#ffd166', typeface: 'notoSerif' as const, logo: toBase64(PNG) };
    writeStyle(doc, style);
    expect(readStyle(doc)).toEqual(style);
    const exported = exportCanvas(doc);
    expect(exported.format).toBe('stip-canvas@3');
    expect(exported.style).toEqual(style);
    const checked = validateCanvasExport(JSON.parse(JSON.stringify(exported)));
    expect(checked.ok && checked.value.style).toEqual(style);
    const copy = new Y.Doc();
    if (checked.ok) importCanvas(copy, checked.value, () => 'q');
    expect(readStyle(copy)).toEqual(style);

    doc.getMap('style').set('logo', new TextEncoder().encode('<svg onload="alert(1)"/>'));
    doc.getMap('style').set('primaryColor', '#ffff00');
    expect(readStyle(doc)).toMatchObject({ logo: null, primaryColor: DEFAULT_STYLE.primaryColor });
    expect(invalidStyleSettings({ logo: 'x', primaryColor: '#ffff00', accentColor: '#123456', typeface: 'comicSans' })).toEqual(['primaryColor', 'typeface', 'logo']);
  });

  it('refuses an import whose logo is not a PNG, and a style in an older format; imports @2 without one', () => {
    const base = JSON.parse(JSON.stringify(blankCanvas('nl', 'x'))) as Record<string, unknown>;
    const svg = toBase64(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    expect(validateCanvasExport({ ...base, style: { ...DEFAULT_STYLE, logo: svg } })).toEqual({ ok: false, message: 'style.logo: not a PNG.' });
    expect(validateCanvasExport({ ...base, style: { ...DEFAULT_STYLE, primaryColor: '#ffff00' } })).toMatchObject({ ok: false });
    expect(validateCanvasExport({ ...base, format: 'stip-canvas@2', style: DEFAULT_STYLE })).toEqual({ ok: false, message: 'style: only in stip-canvas@3.' });
    const old = validateCanvasExport({ ...base, format: 'stip-canvas@2' });
    expect(old.ok && old.value.style).toBeUndefined();
  });
});

describe('NL Design System tokens', () => {
  it('maps basis.color.accent-1/2 and basis.text.font-family.default, resolving references, and names what it does not use', () => {
    const result = importDesignTokens(tokens);
    expect(result.style).toEqual({ primaryColor: '#0b6e4f', accentColor: '#ffd166', typeface: 'firaSans' });
    expect(result.notes).toContainEqual({ code: 'used', token: 'basis.color.accent-1.color-default', setting: 'primaryColor', value: '#0b6e4f' });
    const unused = result.notes.find((note) => note.code === 'unused');
    expect(unused?.code === 'unused' && unused.groups).toEqual(
      expect.arrayContaining(['basis.color.accent-3', 'basis.text.font-size', 'basis.space.block', 'basis.border-radius.md']),
    );
  });

  it('darkens a primary colour short of AA with a note, says what it cannot use, and survives nonsense', () => {
    const result = importDesignTokens({
      basis: {
        color: { 'accent-1': { 'color-default': { $value: '#FFD166' } }, 'accent-2': { 'border-default': { $value: 'rgb(1 2 3)' } } },
        text: { 'font-family': { default: { $value: 'Rijksoverheid Sans, Verdana' } } },
      },
    });
    expect(result.style.primaryColor).toBe(readablePrimary('#ffd166'));
    expect(result.notes.map((note) => note.code)).toEqual(['adjusted', 'used', 'badColor', 'unknownFont']);
    expect(importDesignTokens(null).notes).toEqual([{ code: 'noTokens' }]);
    expect(importDesignTokens({ a: [1, 2] }).notes).toEqual([{ code: 'noTokens' }]);
  });
});
