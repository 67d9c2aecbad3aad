import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  ShadingType,
  TextRun,
  WidthType,
  type ILevelsOptions,
  type INumberingOptions,
  type ParagraphChild,
} from 'docx';
import type { Language } from './canvasSettings';
import type { CanvasExport, RichNode, ZoneDoc } from './exportFormat';
import { checkedStyle, type CanvasStyle, type CheckedStyle } from './houseStyle';
import { isAllowedHref } from './linkHref';
import { LOGO_ALT, canvasTitle, pillarTitle } from './outputWords';
import { PAGE_COLORS, TYPEFACES, mix, pageColors, type FontFace } from './styleValues';
import { xmlSafe } from './xmlText';
import { ZONES, renderZone, type KindRenderers } from './zones';

/**
 * The canvas as a Word document (.docx, with the `docx` package), for the kadernota and council
 * proposals: the title (style Title) and subtitle (Subtitle), a Heading 1 per zone of the zone
 * table in the canvas language, each pillar a Heading 2 with its text under it (headed
 * sections, not a table: a pillar's lists and paragraphs reflow in a Word page, land in the
 * document's outline and can be copied into another document on their own), lists as Word
 * lists (numbering definitions), the action plan as a Word table whose header row repeats on
 * each page. Bold, italic, underline and http/https/mailto links are kept; anything else of a
 * zone keeps its text. Built from the export, which has passed every zone through the
 * editor's schema.
 *
 * Table and column widths are set in twentieths of a point, with a fixed layout: LibreOffice
 * and Google Docs otherwise size the columns themselves (docx issues #216 and #528).
 *
 * The house style (Stip's own when the export has none): its typeface is the font of the
 * document defaults and so of every style (named as Word knows the family, e.g. "Source Sans
 * 3"), and its four faces are embedded when `fonts` gives them, so the document looks the same
 * on a PC that lacks the typeface (Word for Windows and Mac and LibreOffice use embedded fonts;
 * Google Docs substitutes). The title and the zone headings are in the primary colour, a
 * pillar's heading has a rule above it in the accent colour (as the page's pillars do), the
 * table's header row is shaded with the page's band tint and its rules are a light primary.
 * The logo stands at the right of the page header, with alt text.
 */
export async function canvasToDocx(canvas: CanvasExport, fonts?: DocxFonts): Promise<Uint8Array> {
  const data = withoutXmlIllegal(canvas);
  const look = docxLook(data.style);
  const builder = new DocxBuilder(look);
  const title = canvasTitle(data.title, data.language);
  const body: (Paragraph | Table)[] = [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] })];
  if (data.subtitle.trim()) body.push(new Paragraph({ style: SUBTITLE, children: [new TextRun(data.subtitle.trim())] }));
  for (const zone of ZONES) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(zone.heading[data.language])] }));
    body.push(...renderZone(ZONE_DOCX, zone, data, builder));
  }
  const document = new Document({
    creator: 'Stip',
    title,
    description: data.subtitle.trim(),
    styles: {
      default: {
        document: { run: { font: look.font, color: look.ink, language: { value: LOCALE[data.language] } } },
        title: { run: { font: look.font, size: 48, bold: true, color: look.primary } },
        // Outline levels set explicitly, so every reader (Word, LibreOffice, Google Docs) puts
        // the zones and pillars in the document's outline and navigation pane.
        heading1: { run: { font: look.font, size: 32, bold: true, color: look.primary }, paragraph: { outlineLevel: 0, spacing: { before: 240, after: 80 }, keepNext: true } },
        heading2: {
          run: { font: look.font, size: 26, bold: true, color: look.ink },
          paragraph: { outlineLevel: 1, spacing: { before: 160, after: 40 }, keepNext: true, border: { top: { style: BorderStyle.SINGLE, size: 12, space: 4, color: look.accent } } },
        },
      },
      paragraphStyles: [{ id: SUBTITLE, name: 'Subtitle', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { font: look.font, size: 28, color: look.muted } }],
    },
    fonts: fonts ? [{ name: look.font, data: fonts.normal, bold: fonts.bold, italic: fonts.italics, boldItalic: fonts.bolditalics }] : undefined,
    numbering: builder.numbering(),
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: PAGE.margin } },
        headers: look.logo ? { default: new Header({ children: [logoParagraph(look.logo, data.language)] }) } : undefined,
        children: body,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

const LOCALE: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };
const SUBTITLE = 'Subtitle';

/** The four faces of the style's typeface (TTF bytes), to embed; see the server's docxFonts. */
export type DocxFonts = Record<FontFace, Buffer>;

/** The colours (`RRGGBB`, as Word writes them) and font the document is drawn with. */
interface DocxLook {
  font: string;
  primary: string;
  accent: string;
  ink: string;
  muted: string;
  /** The table header row's shading (the page's band tint). */
  band: string;
  /** The table's rules. */
  rule: string;
  logo: CheckedStyle['logo'];
}

/** The largest box the logo is drawn in, in pixels at 96 dpi (about 5.3 x 1.6 cm). */
const LOGO_BOX = { width: 200, height: 60 };

/** The document's look from a style, its values checked again (they end up in XML). */
export function docxLook(style: CanvasStyle | undefined): DocxLook {
  const { typeface, primaryColor, accentColor, logo } = checkedStyle(style);
  const colors = pageColors(primaryColor, accentColor);
  const word = (hex: string) => hex.slice(1).toUpperCase();
  return {
    font: TYPEFACES[typeface].label,
    primary: word(primaryColor),
    accent: word(accentColor),
    ink: word(PAGE_COLORS.ink),
    muted: word(mix(PAGE_COLORS.ink, PAGE_COLORS.paper, 0.75)),
    band: word(colors.band),
    rule: word(mix(primaryColor, PAGE_COLORS.paper, 0.35)),
    logo,
  };
}


/** The logo at the right of the page header, fitted in LOGO_BOX, with alt text. */
function logoParagraph(logo: NonNullable<DocxLook['logo']>, language: Language): Paragraph {
  const scale = Math.min(LOGO_BOX.width / logo.width, LOGO_BOX.height / logo.height, 1);
  return new Paragraph({
    alignment: AlignmentType.RIGHT,
    children: [
      new ImageRun({
        type: 'png',
        data: logo.bytes,
        transformation: { width: Math.max(1, Math.round(logo.width * scale)), height: Math.max(1, Math.round(logo.height * scale)) },
        altText: { name: LOGO_ALT[language], description: LOGO_ALT[language], title: LOGO_ALT[language] },
      }),
    ],
  });
}

/** A4 in twentieths of a point (twips), with 2 cm margins. */
const MARGIN = 1134;
const PAGE = {
  width: 11906,
  height: 16838,
  margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
};
/** The width a table may take: the page between its margins. */
export const TEXT_WIDTH = PAGE.width - 2 * MARGIN;

/** The share of the text width each column of a three-column action plan takes (action, who, when). */
const ACTION_SHARES = [0.56, 0.26, 0.18];

type Block = Paragraph | Table;

/** Each kind's blocks under its zone's Heading 1. */
const ZONE_DOCX: KindRenderers<[data: CanvasExport, builder: DocxBuilder], Block[]> = {
  richText: (zone, data, builder) => builder.blocks(data[zone.key]),
  pillars: (zone, data, builder) =>
    data[zone.key].flatMap((pillar, index) => [
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(pillarTitle(pillar.title, data.language, index))] }),
      ...builder.blocks(pillar.body),
    ]),
  table: (zone, data, builder) => builder.blocks(data[zone.key], zone.columns[data.language]),
};

/** Builds the blocks of one document and keeps the numbering definitions its lists need. */
class DocxBuilder {
  /** Ordered lists by their start number: one numbering definition per start. */
  private readonly orderedStarts = new Set<number>();
  /** Each list is its own instance of its definition, so numbering restarts per list. */
  private nextInstance = 1;

  constructor(private readonly look: DocxLook) {}

  blocks(zone: ZoneDoc, columns?: readonly string[]): Block[] {
    return zone.content.flatMap((node) => this.block(node, 0, columns));
  }

  numbering(): INumberingOptions {
    return {
      config: [
        { reference: BULLETS, levels: levels((level) => ({ format: LevelFormat.BULLET, text: BULLET_MARKS[level % BULLET_MARKS.length]! })) },
        ...[...this.orderedStarts].map((start) => ({
          reference: orderedReference(start),
          levels: levels((level) => ({ format: ORDERED_FORMATS[level % ORDERED_FORMATS.length]!, text: `%${level + 1}.`, start: level === 0 ? start : 1 })),
        })),
      ],
    };
  }

  private block(node: RichNode, depth: number, columns?: readonly string[]): Block[] {
    switch (node.type) {
      case 'paragraph':
        return [new Paragraph({ children: inline(node.content ?? []), indent: depth > 0 ? { left: indentOf(depth) } : undefined })];
      case 'bulletList':
      case 'orderedList':
        return this.list(node, depth);
      case 'table':
        return [this.table(node, columns ?? [])];
      default:
        // The export holds nothing else; keep the text of anything unexpected all the same.
        return (node.content ?? []).flatMap((child) => this.block(child, depth, columns));
    }
  }

  /** A Word list: each item's first paragraph numbered at its depth, its later blocks indented under it. */
  private list(node: RichNode, depth: number): Block[] {
    const ordered = node.type === 'orderedList';
    const given = typeof node.attrs?.start === 'number' && Number.isInteger(node.attrs.start) && node.attrs.start >= 0 ? node.attrs.start : 1;
    // Word's w:start is a number up to 32767; beyond, Word refuses the file.
    const start = Math.min(given, MAX_LIST_START);
    if (ordered) this.orderedStarts.add(start);
    const numbering = { reference: ordered ? orderedReference(start) : BULLETS, level: Math.min(depth, MAX_LEVEL), instance: this.nextInstance++ };
    return (node.content ?? []).flatMap((item) => {
      let numbered = false;
      return (item.content ?? []).flatMap((child): Block[] => {
        if (child.type === 'paragraph' && !numbered) {
          numbered = true;
          return [new Paragraph({ children: inline(child.content ?? []), numbering })];
        }
        // A nested list goes a level deeper; a later paragraph of the item is indented under it.
        return this.block(child, depth + 1);
      });
    });
  }

  /**
   * The action plan: a fixed-layout table as wide as the text, its columns set in twips. The
   * first row repeats on every page (a header row): the table's own header cells, or the zone's
   * columns in the canvas language when the table has none.
   */
  private table(node: RichNode, columns: readonly string[]): Table {
    const rows = (node.content ?? []).filter((row) => row.type === 'tableRow');
    const first = rows[0];
    const hasHeader = Boolean(first?.content?.length) && first!.content!.every((cell) => cell.type === 'tableHeader');
    const width = Math.max(1, hasHeader ? 0 : columns.length, ...rows.map((row) => row.content?.length ?? 0));
    const widths = columnWidths(width);
    const cellOf = (blocks: Block[], index: number, header: boolean) =>
      new TableCell({
        width: { size: widths[index]!, type: WidthType.DXA },
        shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: this.look.band } : undefined,
        children: blocks.length > 0 ? blocks : [new Paragraph({})],
      });
    const header = hasHeader
      ? first!.content!.map((cell) => this.cellBlocks(cell, true))
      : columns.map((column) => [new Paragraph({ children: [new TextRun({ text: column, bold: true })] })]);
    const body = (hasHeader ? rows.slice(1) : rows).map((row) => row.content ?? []);
    const filled = (cells: Block[][], header: boolean) => Array.from({ length: width }, (_, index) => cellOf(cells[index] ?? [], index, header));
    const rule = { style: BorderStyle.SINGLE, size: 4, color: this.look.rule };
    return new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: { top: rule, bottom: rule, left: rule, right: rule, insideHorizontal: rule, insideVertical: rule },
      rows: [
        new TableRow({ tableHeader: true, cantSplit: true, children: filled(header, true) }),
        ...body.map((cells) => new TableRow({ cantSplit: true, children: filled(cells.map((cell) => this.cellBlocks(cell, cell.type === 'tableHeader')), false) })),
      ],
    });
  }

  /** A cell's paragraphs and lists; header cells in bold. */
  private cellBlocks(cell: RichNode, header: boolean): Block[] {
    const content = header ? emphasise(cell.content ?? []) : (cell.content ?? []);
    return content.flatMap((child) => this.block(child, 0));
  }
}

const BULLETS = 'stip-bullets';
const MAX_LEVEL = 8;
const BULLET_MARKS = ['•', '◦', '▪'];
const ORDERED_FORMATS = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN];

/** The largest start number Word takes for a list. */
const MAX_LIST_START = 32767;

/** Every string of the canvas without the characters XML cannot hold (U+FFFF in a title made the docx unreadable). */
function withoutXmlIllegal<T>(value: T): T {
  if (typeof value === 'string') return xmlSafe(value) as T;
  if (Array.isArray(value)) return value.map(withoutXmlIllegal) as T;
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, withoutXmlIllegal(v)])) as T;
  }
  return value;
}

function orderedReference(start: number): string {
  return `stip-ordered-${start}`;
}

function indentOf(depth: number): number {
  return 360 * (depth + 1);
}

/** Nine list levels (Word's), each indented a step further, with a hanging marker. */
function levels(level: (n: number) => Pick<ILevelsOptions, 'format' | 'text' | 'start'>): ILevelsOptions[] {
  return Array.from({ length: MAX_LEVEL + 1 }, (_, n) => ({
    level: n,
    alignment: AlignmentType.LEFT,
    ...level(n),
    style: { paragraph: { indent: { left: indentOf(n), hanging: 360 } } },
  }));
}

/** Column widths in twips that add up to the text width: the action plan's shares for three columns, else equal. */
function columnWidths(count: number): number[] {
  const shares = count === ACTION_SHARES.length ? ACTION_SHARES : Array.from({ length: count }, () => 1 / count);
  const widths = shares.map((share) => Math.floor(TEXT_WIDTH * share));
  widths[widths.length - 1]! += TEXT_WIDTH - widths.reduce((sum, w) => sum + w, 0);
  return widths;
}

/** The nodes with every text in bold (a header cell's). */
function emphasise(nodes: RichNode[]): RichNode[] {
  return nodes.map((node) =>
    node.type === 'text'
      ? { ...node, marks: [...(node.marks ?? []).filter((mark) => mark.type !== 'bold'), { type: 'bold' }] }
      : { ...node, content: node.content && emphasise(node.content) },
  );
}

/** Text runs with bold, italic and underline; consecutive text with one allowed link is one hyperlink. */
function inline(nodes: RichNode[]): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  let link = null as { href: string; runs: TextRun[] } | null;
  const endLink = () => {
    if (link) out.push(new ExternalHyperlink({ link: link.href, children: link.runs }));
    link = null;
  };
  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      endLink();
      out.push(new TextRun({ break: 1 }));
      continue;
    }
    if (node.type !== 'text' || !node.text) continue;
    const marks = new Set(node.marks?.map((mark) => mark.type));
    const href = node.marks?.find((mark) => mark.type === 'link')?.attrs?.href;
    const allowed = isAllowedHref(href) ? href : null;
    const run = new TextRun({
      text: node.text.replace(/[\r\n]+/g, ' '),
      bold: marks.has('bold') || undefined,
      italics: marks.has('italic') || undefined,
      underline: marks.has('underline') ? {} : undefined,
      style: allowed ? 'Hyperlink' : undefined,
    });
    if (allowed !== (link?.href ?? null)) {
      endLink();
      if (allowed) link = { href: allowed, runs: [] };
    }
    if (link) link.runs.push(run);
    else out.push(run);
  }
  endLink();
  return out;
}
