import { describe, expect, it } from 'vitest';
import { child, descendants, parseXml, readDocx, type DocxBlock, type DocxContents, type DocxParagraph, type XmlElement } from '../tests/helpers/docxReader';
import { docxFonts } from '../server/downloads/docxFonts';
import { TEXT_WIDTH, canvasToDocx } from './canvasDocx';
import { LANGUAGES } from './docLayout';
import type { CanvasExport, RichNode, ZoneDoc } from './exportFormat';
import { DEFAULT_STYLE, type CanvasStyle } from './houseStyle';
import { pageColors, toBase64 } from './styleValues';
import { blankCanvas, exampleCanvas } from './templates';
import { ZONES } from './zones';

/** What a zone's blocks should read as in Word, worked out from the export alone. */
type Expected = { text: string; list: string | null; level: number } | { table: string[][] };

function expectedBlocks(zone: ZoneDoc): Expected[] {
  const out: Expected[] = [];
  const textOf = (node: RichNode): string =>
    node.type === 'text' ? (node.text ?? '') : node.type === 'hardBreak' ? '\n' : (node.content ?? []).map(textOf).join('');
  const walk = (node: RichNode, list: string | null, level: number) => {
    if (node.type === 'paragraph') out.push({ text: textOf(node), list, level });
    else if (node.type === 'bulletList' || node.type === 'orderedList') {
      for (const item of node.content ?? []) {
        (item.content ?? []).forEach((child, index) => {
          if (child.type === 'paragraph' && index === 0) out.push({ text: textOf(child), list: node.type === 'bulletList' ? 'bullet' : 'decimal', level });
          else walk(child, null, level + 1);
        });
      }
    } else if (node.type === 'table') out.push({ table: (node.content ?? []).map((row) => (row.content ?? []).map(textOf)) });
  };
  for (const node of zone.content) walk(node, null, 0);
  return out;
}

function seen(block: DocxBlock): Expected {
  if (block.kind === 'table') return { table: block.table.rows.map((row) => row.cells.map((cell) => cell.text)) };
  const { text, list } = block.paragraph;
  return { text, list: list?.format ?? null, level: list?.level ?? 0 };
}

/** The blocks between a Heading 1 and the next one, or the end. */
function sections(docx: DocxContents): Map<string, DocxBlock[]> {
  const map = new Map<string, DocxBlock[]>();
  let current: DocxBlock[] | null = null;
  for (const block of docx.blocks) {
    if (block.kind === 'paragraph' && block.paragraph.style === 'Heading1') map.set(block.paragraph.text, (current = []));
    else current?.push(block);
  }
  return map;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('the canvas as a Word document', () => {
  for (const language of LANGUAGES) {
    it(`holds every word of the ${language} example canvas in Word's structure`, async () => {
      const data = exampleCanvas(language);
      const docx = readDocx(await canvasToDocx(data));

      expect(docx.paragraphs[0]).toMatchObject({ style: 'Title', text: data.title });
      expect(docx.paragraphs[1]).toMatchObject({ style: 'Subtitle', text: data.subtitle });
      expect(docx.title).toBe(data.title);
      expect(docx.language).toBe(language === 'nl' ? 'nl-NL' : 'en-GB');
      // The headings are in the outline: levels 1 and 2.
      const styles = docx.files.get('word/styles.xml')!.toString('utf8');
      for (const [id, level] of [['Heading1', 0], ['Heading2', 1]] as const) {
        expect(styles).toMatch(new RegExp(`<w:style w:type="paragraph" w:styleId="${id}">(?:(?!</w:style>).)*<w:outlineLvl w:val="${level}"/>`));
      }

      // A Heading 1 per zone of the zone table, in its order, in the canvas language.
      expect(docx.paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual(ZONES.map((zone) => zone.heading[language]));
      const byZone = sections(docx);
      for (const zone of ZONES) {
        const blocks = byZone.get(zone.heading[language])!;
        if (zone.kind === 'pillars') {
          // Each pillar: a Heading 2 with its title, then its body.
          const expected = data.pillars.flatMap((pillar) => [{ text: pillar.title, list: null, level: 0 }, ...expectedBlocks(pillar.body)]);
          expect(blocks.map(seen), zone.key).toEqual(expected);
          const headings = blocks.flatMap((b) => (b.kind === 'paragraph' && b.paragraph.style === 'Heading2' ? [b.paragraph.text] : []));
          expect(headings).toEqual(data.pillars.map((pillar) => pillar.title));
        } else {
          expect(blocks.map(seen), zone.key).toEqual(expectedBlocks(data[zone.key]));
        }
      }

      // Every word of the canvas, and nothing lost between them.
      const all = docx.blocks.map((b) => (b.kind === 'paragraph' ? b.paragraph.text : b.table.rows.flatMap((r) => r.cells.map((c) => c.text)).join(' '))).join(' ');
      const source = JSON.stringify(data).match(/"text":"((?:[^"\\]|\\.)*)"/g)!.map((m) => JSON.parse(m.slice(7)) as string);
      for (const word of words([data.title, data.subtitle, ...data.pillars.map((p) => p.title), ...source].join(' '))) expect(all).toContain(word);

      // The example's bold and italic stay.
      const runs = docx.paragraphs.flatMap((p) => p.runs);
      const horizon = data.horizon.content[0]!.content!.find((n) => n.marks?.some((m) => m.type === 'bold'))!.text!;
      expect(runs.find((r) => r.text === horizon)).toMatchObject({ bold: true, italic: false });
      expect(runs.filter((r) => r.italic).length).toBeGreaterThan(0);
    });
  }

  it('makes the action plan a fixed-width table whose header row repeats on every page', async () => {
    const data = exampleCanvas('nl');
    const [table] = readDocx(await canvasToDocx(data)).tables;
    expect(table).toBeDefined();
    expect(table!.width).toEqual({ w: String(TEXT_WIDTH), type: 'dxa' });
    expect(table!.layout).toBe('fixed');
    expect(table!.grid).toHaveLength(3);
    expect(table!.grid.reduce((a, b) => a + b, 0)).toBe(TEXT_WIDTH);
    expect(table!.grid[0]).toBeGreaterThan(table!.grid[1]!);
    expect(table!.rows.map((row) => row.header)).toEqual([true, false, false, false, false, false]);
    expect(table!.rows[0]!.cells.map((cell) => cell.text)).toEqual(['Actie', 'Wie', 'Wanneer']);
    expect(table!.rows[0]!.cells.every((cell) => cell.paragraphs.every((p) => p.runs.every((r) => r.bold)))).toBe(true);
    for (const row of table!.rows) {
      expect(row.cells.map((cell) => cell.width)).toEqual(table!.grid.map((w) => ({ w: String(w), type: 'dxa' })));
    }
  });

  it('keeps underline and links, makes nested and ordered lists Word lists that restart, and drops links it may not keep', async () => {
    const text = (value: string, ...marks: RichNode['marks'] & object) => ({ type: 'text', text: value, marks: marks.length ? marks : undefined });
    const item = (...content: RichNode[]) => ({ type: 'listItem', content });
    const paragraph = (...content: RichNode[]) => ({ type: 'paragraph', content });
    const link = (href: string) => ({ type: 'link', attrs: { href } });
    const data: CanvasExport = {
      ...blankCanvas('nl', 'Met opmaak'),
      horizon: {
        type: 'doc',
        content: [
          paragraph(text('onderstreept', { type: 'underline' }), text(' en '), text('het plan', link('https://example.org/plan'), { type: 'bold' }), { type: 'hardBreak' }, text('tweede regel')),
          paragraph(text('niet klikbaar', link('javascript:alert(1)'))),
        ],
      },
      obstacles: {
        type: 'doc',
        content: [
          { type: 'orderedList', content: [item(paragraph(text('een')), { type: 'bulletList', content: [item(paragraph(text('genest')))] }), item(paragraph(text('twee')))] },
          { type: 'orderedList', attrs: { start: 5 }, content: [item(paragraph(text('vijf')))] },
        ],
      },
    };
    const docx = readDocx(await canvasToDocx(data));
    const runs = docx.paragraphs.flatMap((p) => p.runs);
    expect(runs.find((r) => r.text === 'onderstreept')).toMatchObject({ underline: true, href: null });
    expect(runs.find((r) => r.text === 'het plan')).toMatchObject({ bold: true, href: 'https://example.org/plan' });
    expect(runs.find((r) => r.text === 'niet klikbaar')).toMatchObject({ href: null });
    expect(docx.paragraphs.find((p) => p.text.startsWith('onderstreept'))!.text).toBe('onderstreept en het plan\ntweede regel');

    const listed = (text: string): DocxParagraph => docx.paragraphs.find((p) => p.text === text)!;
    expect(listed('een').list).toMatchObject({ level: 0, format: 'decimal' });
    expect(listed('genest').list).toMatchObject({ level: 1, format: 'bullet' });
    expect(listed('twee').list).toEqual(listed('een').list);
    // The second list is numbered apart from the first (it restarts) and starts at 5.
    expect(listed('vijf').list!.numId).not.toBe(listed('een').list!.numId);
    const numbering = docx.files.get('word/numbering.xml')!.toString('utf8');
    expect(numbering).toContain('<w:start w:val="5"/>');
  });
});

describe('the Word document with values Word cannot hold', () => {
  const text = (value: string): RichNode => ({ type: 'text', text: value });
  const paragraph = (...content: RichNode[]): RichNode => ({ type: 'paragraph', content });
  const ordered = (start: number, value: string): RichNode => ({ type: 'orderedList', attrs: { start }, content: [{ type: 'listItem', content: [paragraph(text(value))] }] });

  it('clamps a list start to what Word takes (0..32767)', async () => {
    const data: CanvasExport = { ...blankCanvas('en', 'Lists'), obstacles: { type: 'doc', content: [ordered(Number('12345678901234567890'), 'huge'), ordered(1e21, 'larger'), ordered(40000, 'over')] } };
    const docx = readDocx(await canvasToDocx(data));
    const numbering = parseXml(docx.files.get('word/numbering.xml')!.toString('utf8'));
    const starts = descendants(numbering, 'w:start').map((start) => start.attrs['w:val']!);
    expect(starts.length).toBeGreaterThan(0);
    for (const start of starts) expect(start, start).toMatch(/^\d+$/);
    for (const start of starts) expect(Number(start)).toBeLessThanOrEqual(32767);
    expect(starts).toContain('32767');
    expect(docx.paragraphs.find((p) => p.text === 'huge')).toBeDefined();
  });

  it('drops characters XML cannot hold (U+FFFE, U+FFFF, controls) from the title, subtitle, pillars and text', async () => {
    const bad = '\uffff\ufffe\u0001\u001f';
    const data: CanvasExport = {
      ...blankCanvas('en', `Plan${bad} 2027`),
      subtitle: `Team${bad}`,
      horizon: { type: 'doc', content: [paragraph(text(`Hori${bad}zon`))] },
      pillars: [{ title: `Pil${bad}lar`, body: { type: 'doc', content: [paragraph(text(`Bo${bad}dy`))] } }],
    };
    const docx = readDocx(await canvasToDocx(data));
    for (const [name, bytes] of docx.files) {
      if (!/\.(xml|rels)$/.test(name)) continue;
      const xml = bytes.toString('utf8');
      expect(xml, name).not.toMatch(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u);
      expect(() => parseXml(xml), name).not.toThrow();
    }
    const texts = docx.paragraphs.map((p) => p.text);
    for (const expected of ['Plan 2027', 'Team', 'Horizon', 'Pillar', 'Body']) expect(texts, expected).toContain(expected);
  });
});

// A real 8-bit RGBA PNG, 4 x 2 px of one green.
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAYAAAB/qH1jAAAAEUlEQVR4nGPgzvP/j4wZ0AUA5uYOOexECd4AAAAASUVORK5CYII='), (c) => c.charCodeAt(0));

/** What a document's styles and header say of its look. */
function lookOf(bytes: Uint8Array) {
  const docx = readDocx(bytes);
  const styles = parseXml(docx.files.get('word/styles.xml')!.toString('utf8'));
  const style = (id: string) => descendants(styles, 'w:style').find((s) => s.attrs['w:styleId'] === id);
  const runProps = (element: XmlElement | undefined) => child(element, 'w:rPr');
  const defaults = runProps(child(child(styles, 'w:docDefaults') ?? descendants(styles, 'w:docDefaults')[0], 'w:rPrDefault'));
  const fontOf = (rPr: XmlElement | undefined) => child(rPr, 'w:rFonts')?.attrs['w:ascii'];
  const colorOf = (rPr: XmlElement | undefined) => child(rPr, 'w:color')?.attrs['w:val'];
  const headers = [...docx.files.keys()].filter((name) => /^word\/header\d+\.xml$/.test(name)).map((name) => docx.files.get(name)!.toString('utf8'));
  const table = descendants(parseXml(docx.files.get('word/document.xml')!.toString('utf8')), 'w:tbl')[0];
  return {
    docx,
    defaultFont: fontOf(defaults),
    font: (id: string) => fontOf(runProps(style(id))),
    color: (id: string) => colorOf(runProps(style(id))),
    pillarRule: child(child(child(style('Heading2'), 'w:pPr'), 'w:pBdr'), 'w:top')?.attrs['w:color'],
    media: [...docx.files.keys()].filter((name) => name.startsWith('word/media/')),
    fonts: [...docx.files.keys()].filter((name) => name.startsWith('word/fonts/')),
    headers,
    headerShading: table ? child(child(descendants(table, 'w:tc')[0], 'w:tcPr'), 'w:shd')?.attrs['w:fill'] : undefined,
    tableRule: table ? child(child(child(table, 'w:tblPr'), 'w:tblBorders'), 'w:top')?.attrs['w:color'] : undefined,
  };
}

describe('the Word document in the house style', () => {
  const styled: CanvasStyle = { primaryColor: '#0b6e4f', accentColor: '#ffd166', typeface: 'sourceSans3', logo: toBase64(PNG) };

  it('sets the typeface as the default and heading font, the colours in headings and the table, and the logo in the header with alt text', async () => {
    const data = { ...exampleCanvas('nl'), style: styled };
    const look = lookOf(await canvasToDocx(data));
    expect(look.defaultFont).toBe('Source Sans 3');
    for (const id of ['Title', 'Heading1', 'Heading2', 'Subtitle']) expect(look.font(id), id).toBe('Source Sans 3');
    expect(look.color('Heading1')).toBe('0B6E4F');
    expect(look.color('Title')).toBe('0B6E4F');
    expect(look.pillarRule).toBe('FFD166');
    expect(look.headerShading).toBe(pageColors('#0b6e4f', '#ffd166').band.slice(1).toUpperCase());
    expect(look.tableRule).toMatch(/^[0-9A-F]{6}$/);
    // The logo: a PNG part, drawn in the page header with alt text.
    expect(look.media).toHaveLength(1);
    expect(look.media[0]).toMatch(/^word\/media\/.+\.png$/);
    expect(new Uint8Array(look.docx.files.get(look.media[0]!)!)).toEqual(PNG);
    expect(look.headers.join('')).toMatch(/<wp:docPr [^>]*descr="Logo"/);
    const embed = /<a:blip r:embed="([^"]+)"/.exec(look.headers.join(''))![1];
    const rels = look.docx.files.get('word/_rels/header1.xml.rels')!.toString('utf8');
    expect(rels).toContain(`Id="${embed}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${look.media[0]!.slice('word/'.length)}"`);
    // The text is where it was: the title first.
    expect(look.docx.paragraphs[0]).toMatchObject({ style: 'Title', text: data.title });
    // No fonts embedded unless given.
    expect(look.fonts).toEqual([]);
  });

  it('embeds the four faces of the typeface when given them', async () => {
    const data = { ...exampleCanvas('en'), style: { ...styled, typeface: 'notoSerif' as const, logo: null } };
    const bytes = await canvasToDocx(data, docxFonts('notoSerif'));
    const look = lookOf(bytes);
    expect(look.defaultFont).toBe('Noto Serif');
    expect(look.fonts).toHaveLength(4);
    const fontTable = look.docx.files.get('word/fontTable.xml')!.toString('utf8');
    expect(fontTable).toMatch(/<w:font w:name="Noto Serif">/);
    for (const face of ['embedRegular', 'embedBold', 'embedItalic', 'embedBoldItalic']) expect(fontTable).toContain(`<w:${face} `);
  });

  it('gives a canvas without a style Stip’s own: Inter, the default blue, no logo', async () => {
    const { style: _none, ...data } = exampleCanvas('nl');
    const look = lookOf(await canvasToDocx(data));
    expect(look.defaultFont).toBe('Inter');
    expect(look.color('Heading1')).toBe(DEFAULT_STYLE.primaryColor.slice(1).toUpperCase());
    expect(look.media).toEqual([]);
    expect(look.headers.join('')).not.toContain('docPr');
  });

  it('never writes a value that is not a checked colour, a shipped typeface or a PNG', async () => {
    const hostile = { primaryColor: '"/><w:evil/>', accentColor: 'red', typeface: 'Comic Sans' as never, logo: toBase64(new TextEncoder().encode('<svg/>')) };
    const bytes = await canvasToDocx({ ...exampleCanvas('nl'), style: hostile });
    const look = lookOf(bytes);
    expect(look.defaultFont).toBe('Inter');
    expect(look.color('Heading1')).toBe(DEFAULT_STYLE.primaryColor.slice(1).toUpperCase());
    expect(look.pillarRule).toBe(DEFAULT_STYLE.accentColor.slice(1).toUpperCase());
    expect(look.media).toEqual([]);
    expect(look.docx.files.get('word/styles.xml')!.toString('utf8')).not.toContain('evil');
  });
});
