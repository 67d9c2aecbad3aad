import type { CanvasExport, PillarExport, RichNode } from '../exportFormat';
import type { Language } from '../canvasSettings';
import type { Checkpoint } from '../checkpoint';
import { DEFAULT_STYLE } from '../houseStyle';
import { canvasTitle, pillarTitle } from '../outputWords';
import { checkPng, fromBase64, pageColors, readablePrimary, type FontFace } from '../styleValues';
import { ZONES, renderZone, type KindRenderers, type ZoneSpec } from '../zones';
import { pdfString, type PdfKitDocument, type PdfStructElement } from './pdfTypes';
import { inlineRuns, wrap, type Measure, type Run, type RunStyle } from './textLayout';
import { BODY_SIZE_PT, SMALLEST_SCALE } from './typeScale';

/** A4 portrait in pt. */
export const A4 = { width: 595.28, height: 841.89 } as const;

const mm = (value: number) => (value * 72) / 25.4;
/** The thinnest rule, in pt. */
const HAIRLINE = 0.1;

/**
 * The page's measures, in pt, at type scale 1. The on-screen A4 (client/src/styles/page.css)
 * uses the same numbers in mm and pt: what you see is what prints.
 */
export const LAYOUT = {
  margin: mm(12),
  zoneGap: mm(4.2),
  titleSize: 21,
  subtitleSize: 9.5,
  headingSize: 7.5,
  bodySize: BODY_SIZE_PT,
  horizonSize: 13,
  pillarTitleSize: 10.5,
  tableHeadSize: 7.5,
  // Line heights as page.css has them, in em of the type size.
  bodyLine: 1.38,
  horizonLine: 1.3,
  titleLine: 1.21,
  /** The colours the house style does not change (it sets the others: pageColors). */
  colors: {
    ink: '#1c2430',
    muted: '#5b6472',
    rule: '#d9dee4',
    tableRule: '#9aa5b1',
  },
  /** The logo's box at the right of the title, at type scale 1. */
  logo: { width: mm(48), height: mm(13) },
} as const;

export const CONTENT_WIDTH = A4.width - 2 * LAYOUT.margin;

/** The PDF font name of each face (the builder registers the typeface's four TTFs under these). */
export const faceFont = (face: FontFace) => `stip-${face}`;

type Look = ReturnType<typeof pageColors>;

interface TextStyle {
  size: number;
  /** Line height in em. */
  line: number;
  color: string;
  linkColor: string;
  /** Space after a paragraph or list, in pt. */
  gap: number;
}

interface TagOptions {
  scope?: 'Column' | 'Row';
  /** Made even when nothing is drawn in it: a table needs its cells. */
  always?: boolean;
}

/**
 * A structure element made only when something is drawn in it (or in an element under it):
 * an empty paragraph, an untitled heading, a list item's empty body make no empty element.
 */
class Element {
  private element: PdfStructElement | null;

  constructor(
    private readonly doc: PdfKitDocument,
    private readonly parent: Element | null,
    private readonly type: string,
    private readonly options?: TagOptions,
    made: PdfStructElement | null = null,
  ) {
    this.element = made;
  }

  /** The element, made (and its parents) on first use. */
  get(): PdfStructElement {
    if (!this.element) {
      const parent = this.parent!.get();
      this.element = this.doc.struct(this.type, this.options?.scope ? { scope: this.options.scope } : undefined);
      parent.add(this.element);
    }
    return this.element;
  }

  end(): void {
    this.element?.end();
  }
}

/** A structure element, or null while only measuring. */
type Parent = Element | null;

/**
 * One pass over the page at one type scale. Measuring (`doc` null) only moves `y`; drawing
 * runs the very same code, so what was measured is what is drawn, and tags every piece of
 * text in the structure tree while drawing it (decorations are artifacts). `checkpoint` runs
 * before every word measured and every line drawn (see buildCanvasPdf).
 */
class Pass {
  constructor(
    readonly doc: PdfKitDocument | null,
    readonly measure: Measure,
    readonly checkpoint: Checkpoint,
    readonly scale: number,
    readonly look: Look,
  ) {}

  /** A new structure element under `parent`, filled by `fill`, then ended. */
  tag<T>(parent: Parent, type: string, fill: (element: Parent) => T, options?: TagOptions): T {
    if (!this.doc || !parent) return fill(null);
    const element = new Element(this.doc, parent, type, options);
    if (options?.always) element.get();
    const result = fill(element);
    element.end();
    return result;
  }

  /** A decoration: drawn as an artifact, outside the structure tree. */
  artifact(paint: (doc: PdfKitDocument) => void): void {
    if (!this.doc) return;
    this.doc.markContent('Artifact', { type: 'Layout' });
    paint(this.doc);
    this.doc.endMarkedContent();
  }

  /**
   * A rule `thickness` pt thick at type scale 1, scaled with the type: at a small scale a long
   * table's rules would take the room of its rows. At least a hairline (thinner still below
   * SMALLEST_SCALE, where everything is tiny, so the page always fits).
   */
  rule(x: number, y: number, width: number, thickness: number, color: string): number {
    const hairline = HAIRLINE * Math.min(1, this.scale / SMALLEST_SCALE);
    const drawn = Math.max(hairline, thickness * this.scale);
    this.artifact((doc) => doc.rect(x, y, width, drawn).fill(color));
    return y + drawn;
  }

  /**
   * Runs set in lines of `width` from (x, y) as one element `type` (P, H1, Lbl...); links become
   * Link elements holding their text and annotation. Returns the y below the last line.
   */
  text(parent: Parent, type: string, runs: Run[], style: TextStyle, x: number, y: number, width: number, spacing = 0, options?: TagOptions): number {
    const lines = wrap(runs.length > 0 ? runs : [{ text: ' ', style: plain(style.color) }], style.size, width, this.measure, this.checkpoint, spacing);
    const lineHeight = style.size * style.line;
    const doc = this.doc;
    if (doc && parent) {
      this.tag(parent, type, (element) => {
        // A link is one Link element, whatever styles change inside it and over how many lines.
        let open: { link: string; element: Element } | null = null;
        const closeLink = () => {
          open?.element.end();
          open = null;
        };
        lines.forEach((line, i) => {
          this.checkpoint();
          const top = y + i * lineHeight;
          // A wrapped line ends in its space, so the text reads (and copies) as words.
          const ending = i < lines.length - 1 ? ' ' : '';
          let k = 0;
          while (k < line.length) {
            const link = line[k]!.style.link;
            let end = k + 1;
            while (end < line.length && line[end]!.style.link === link) end++;
            const segments = line.slice(k, end);
            const paint = (linkElement?: PdfStructElement) => {
              for (const segment of segments) {
                const text = segment === line[line.length - 1] ? segment.text + ending : segment.text;
                const { face, color, underline } = segment.style;
                doc.font(faceFont(face)).fontSize(style.size).fillColor(color);
                const at = top + (lineHeight - doc.currentLineHeight()) / 2;
                // A character the font lacks is drawn as .notdef, which pdfkit maps to U+0000: the
                // text keeps its real characters as ActualText.
                const lacking = lacksGlyph(doc, text);
                if (lacking) doc.markContent('Span', { actual: text });
                doc.text(text, x + segment.x, at, { lineBreak: false, characterSpacing: spacing });
                if (lacking) doc.endMarkedContent();
                if (link && linkElement) doc.link(x + segment.x, at, segment.width, doc.currentLineHeight(), link, { structParent: linkElement, Contents: pdfString(segment.text) });
                if (underline) {
                  const thickness = Math.max(0.3, style.size * 0.06);
                  const under = at + doc.currentLineHeight() * 0.86;
                  doc.rect(x + segment.x, under, segment.width, thickness).fill(color);
                }
              }
            };
            if (link) {
              if (open?.link !== link) {
                closeLink();
                open = { link, element: new Element(doc, element, 'Link') };
              }
              const linkElement = open.element.get();
              linkElement.add(() => paint(linkElement));
            } else {
              closeLink();
              element!.get().add(() => paint());
            }
            k = end;
          }
        });
        closeLink();
      }, options);
    }
    return y + lines.length * lineHeight;
  }

  /** ProseMirror blocks (already passed through the schema), `gap` between them. */
  blocks(parent: Parent, nodes: RichNode[], style: TextStyle, x: number, y: number, width: number, gap = style.gap): number {
    nodes.forEach((node, index) => {
      switch (node.type) {
        case 'paragraph':
          y = this.text(parent, 'P', inlineRuns(node.content ?? [], style.color, style.linkColor), style, x, y, width);
          break;
        case 'bulletList':
        case 'orderedList':
          y = this.list(parent, node, style, x, y, width);
          break;
        case 'table':
          // Tables belong to the action plan, which lays them out itself; elsewhere keep the text.
          for (const row of node.content ?? []) {
            for (const cell of row.content ?? []) y = this.blocks(parent, cell.content ?? [], style, x, y, width, style.gap * 0.5);
          }
          break;
        default:
          if (node.content) y = this.blocks(parent, node.content, style, x, y, width, gap);
      }
      if (index < nodes.length - 1) y += gap;
    });
    return y;
  }

  /** L > LI > (Lbl, LBody): the label in a column of its own, the item's blocks beside it. */
  list(parent: Parent, node: RichNode, style: TextStyle, x: number, y: number, width: number): number {
    const ordered = node.type === 'orderedList';
    const start = typeof node.attrs?.start === 'number' ? node.attrs.start : 1;
    const items = node.content ?? [];
    const label = (i: number) => (ordered ? `${start + i}.` : '•');
    const labelStyle = plain(style.color);
    // On a first layout every label is new to the width cache: a long list's labels take a while to shape.
    const labelWidth = (i: number) => {
      this.checkpoint();
      return this.measure(label(i), 'normal');
    };
    const widest = ordered ? Math.max(...items.map((_, i) => labelWidth(i))) * style.size : 0;
    const indent = ordered ? widest + 0.5 * style.size : 1.5 * style.size;
    return this.tag(parent, 'L', (list) => {
      items.forEach((item, i) => {
        y = this.tag(list, 'LI', (li) => {
          this.text(li, 'Lbl', [{ text: label(i), style: labelStyle }], style, x, y, indent);
          return this.tag(li, 'LBody', (body) => this.blocks(body, item.content ?? [], style, x + indent, y, width - indent, 0));
        });
      });
      return y;
    });
  }

  /** A zone's heading: capitals, letter-spaced, in the primary colour, over a rule. */
  heading(parent: Parent, title: string, x: number, y: number, width: number, withRule = true): number {
    const size = LAYOUT.headingSize * this.scale;
    const style = { ...this.body(), size };
    const runs = [{ text: title.toLocaleUpperCase(), style: { face: 'bold', color: this.look.primary, underline: false } as RunStyle }];
    y = this.text(parent, 'H2', runs, style, x, y, width, 0.09 * size) + mm(1.2) * this.scale;
    if (withRule) y = this.rule(x, y, width, mm(0.25), LAYOUT.colors.rule);
    return y + mm(1.2) * this.scale;
  }

  body(size: number = LAYOUT.bodySize, line: number = LAYOUT.bodyLine, color: string = LAYOUT.colors.ink): TextStyle {
    const scaled = size * this.scale;
    return { size: scaled, line, color, linkColor: this.look.primary, gap: 0.35 * scaled };
  }
}

/** Whether the current font lacks a glyph for a character of `text`. */
function lacksGlyph(doc: PdfKitDocument, text: string): boolean {
  const font = doc._font.font;
  for (const char of text) if (!font.hasGlyphForCodePoint(char.codePointAt(0)!)) return true;
  return false;
}

function plain(color: string): RunStyle {
  return { face: 'normal', color, underline: false };
}

const X = LAYOUT.margin;

/** The horizon: on a tinted band with a rule in the primary colour at its left. */
function band(pass: Pass, parent: Parent, title: string, content: RichNode[], y: number): number {
  const bar = mm(1.6);
  const padding = mm(4);
  const inner = (p: Pass, element: Parent) => {
    const x = X + bar + padding;
    const width = CONTENT_WIDTH - bar - 2 * padding;
    const top = p.heading(element, title, x, y + mm(2.5) * p.scale, width, false);
    return p.blocks(element, content, p.body(LAYOUT.horizonSize, LAYOUT.horizonLine, p.look.bandInk), x, top, width) + mm(3) * p.scale;
  };
  if (pass.doc) {
    const bottom = inner(new Pass(null, pass.measure, pass.checkpoint, pass.scale, pass.look), null);
    pass.artifact((doc) => {
      doc.rect(X, y, CONTENT_WIDTH, bottom - y).fill(pass.look.band);
      doc.rect(X, y, bar, bottom - y).fill(pass.look.primary);
    });
  }
  return inner(pass, parent);
}

function richText(pass: Pass, parent: Parent, zone: ZoneSpec, title: string, content: RichNode[], y: number): number {
  if (zone.look === 'band') return band(pass, parent, title, content, y);
  return pass.blocks(parent, content, pass.body(), X, pass.heading(parent, title, X, y, CONTENT_WIDTH), CONTENT_WIDTH);
}

/** Side by side, each under a rule in the accent colour: its title (H3), then its text. */
function pillars(pass: Pass, parent: Parent, title: string, list: PillarExport[], language: Language, y: number): number {
  const top = pass.heading(parent, title, X, y, CONTENT_WIDTH);
  if (list.length === 0) return top + pass.body().size * LAYOUT.bodyLine;
  const gap = mm(4);
  const width = (CONTENT_WIDTH - gap * (list.length - 1)) / list.length;
  const titleStyle = pass.body(LAYOUT.pillarTitleSize);
  return Math.max(
    ...list.map((pillar, i) =>
      pass.tag(parent, 'Sect', (section) => {
        const x = X + i * (width + gap);
        let at = pass.rule(x, top, width, mm(0.8), pass.look.accent) + mm(1.5) * pass.scale;
        const runs = [{ text: pillarTitle(pillar.title, language, i), style: { ...plain(LAYOUT.colors.ink), face: 'bold' as const } }];
        at = pass.text(section, 'H3', runs, titleStyle, x, at, width) + mm(1) * pass.scale;
        return pass.blocks(section, pillar.body.content, pass.body(), x, at, width);
      }),
    ),
  );
}

/** The action plan's table: Table > TR > TH (the header row, scope Column) or TD. */
function actionTable(pass: Pass, parent: Parent, table: RichNode, y: number): number {
  const style = pass.body();
  const rows = (table.content ?? []).filter((row) => row.type === 'tableRow');
  const columnCount = Math.max(1, ...rows.map((row) => row.content?.length ?? 0));
  const shares = columnCount === 3 ? [0.58, 0.26, 0.16] : Array.from({ length: columnCount }, () => 1 / columnCount);
  const lefts = shares.map((_, i) => X + CONTENT_WIDTH * shares.slice(0, i).reduce((a, b) => a + b, 0));
  const headerRows = rows[0]?.content?.every((cell) => cell.type === 'tableHeader') ? 1 : 0;
  const padding = { top: mm(1.1) * pass.scale, bottom: mm(1.1) * pass.scale, right: mm(2) * pass.scale };
  const headSize = LAYOUT.tableHeadSize * pass.scale;
  const headStyle = { ...style, size: headSize };
  const headRun = (cell: RichNode): Run[] => [{ text: cellText(cell).toLocaleUpperCase() || ' ', style: { ...plain(LAYOUT.colors.muted), face: 'bold' } }];
  return pass.tag(parent, 'Table', (tableElement) => {
    rows.forEach((row, r) => {
      const top = y + padding.top;
      const bottoms = pass.tag(tableElement, 'TR', (tr) =>
        (row.content ?? []).map((cell, c) => {
          const x = lefts[c]!;
          const width = CONTENT_WIDTH * shares[c]! - padding.right;
          if (cell.type !== 'tableHeader') return pass.tag(tr, 'TD', (td) => pass.blocks(td, cell.content ?? [], style, x, top, width, style.gap * 0.5), { always: true });
          return pass.text(tr, 'TH', headRun(cell), headStyle, x, top, width, 0.06 * headSize, { scope: r < headerRows ? 'Column' : 'Row', always: true });
        }),
      );
      y = Math.max(top + style.size * style.line, ...bottoms) + padding.bottom;
      const header = r === headerRows - 1;
      y = pass.rule(X, y, CONTENT_WIDTH, header ? mm(0.4) : mm(0.25), header ? LAYOUT.colors.tableRule : LAYOUT.colors.rule);
    });
    return y;
  });
}

function cellText(cell: RichNode): string {
  if (cell.type === 'text') return cell.text ?? '';
  return (cell.content ?? []).map(cellText).join(' ').trim();
}

function actions(pass: Pass, parent: Parent, title: string, nodes: RichNode[], y: number): number {
  const style = pass.body();
  y = pass.heading(parent, title, X, y, CONTENT_WIDTH);
  nodes.forEach((node, i) => {
    if (node.type === 'table') y = actionTable(pass, parent, node, y);
    else y = pass.blocks(parent, [node], style, X, y, CONTENT_WIDTH);
    if (i < nodes.length - 1 && node.type !== 'table') y += style.gap;
  });
  return y;
}

/** Each kind's section of the page: from its top, returns its bottom. */
const ZONE_PDF: KindRenderers<[pass: Pass, parent: Parent, data: CanvasExport, y: number], number> = {
  richText: (zone, pass, parent, data, y) => richText(pass, parent, zone, zone.heading[data.language], data[zone.key].content, y),
  pillars: (zone, pass, parent, data, y) => pillars(pass, parent, zone.heading[data.language], data[zone.key], data.language, y),
  table: (zone, pass, parent, data, y) => actions(pass, parent, zone.heading[data.language], data[zone.key].content, y),
};

/** The logo's bytes and its size fitted into the logo box at scale 1, or null. */
function logoOf(data: CanvasExport): { bytes: ArrayBuffer; width: number; height: number } | null {
  const bytes = data.style?.logo ? fromBase64(data.style.logo) : null;
  const png = bytes ? checkPng(bytes) : null;
  if (!bytes || !png?.ok) return null;
  const fit = Math.min(LAYOUT.logo.width / png.width, LAYOUT.logo.height / png.height);
  return { bytes: bytes.slice().buffer, width: png.width * fit, height: png.height * fit };
}

/**
 * The header: title (H1) and subtitle, the logo at their right (its box scales with the type,
 * so the fit search shrinks it with everything else), then the rule in the primary colour.
 * The logo is an artifact: the house style gives it no text alternative.
 */
function header(pass: Pass, parent: Parent, data: CanvasExport, logo: ReturnType<typeof logoOf>): number {
  const s = pass.scale;
  const titleWidth = logo ? CONTENT_WIDTH - LAYOUT.logo.width * s - mm(4) : CONTENT_WIDTH;
  const titleRuns = [{ text: canvasTitle(data.title, data.language), style: { ...plain(LAYOUT.colors.ink), face: 'bold' as const } }];
  let y = pass.text(parent, 'H1', titleRuns, pass.body(LAYOUT.titleSize, LAYOUT.titleLine), X, X, titleWidth) + mm(1) * s;
  if (data.subtitle) {
    y = pass.text(parent, 'P', [{ text: data.subtitle, style: plain(LAYOUT.colors.muted) }], pass.body(LAYOUT.subtitleSize), X, y, titleWidth);
  }
  if (logo) {
    const [width, height] = [logo.width * s, logo.height * s];
    pass.artifact((doc) => {
      try {
        doc.image(logo.bytes, X + CONTENT_WIDTH - width, X, { width, height });
      } catch {
        // checkPng decoded it already; should pdfkit still refuse it, the page has no logo.
      }
    });
    y = Math.max(y, X + height);
  }
  return pass.rule(X, y + mm(3) * s, CONTENT_WIDTH, mm(0.6), pass.look.primary);
}

export interface CanvasPage {
  /** The height the content needs at `scale`, in pt, from the top margin. */
  height(scale: number): number;
  /** Draws the page at `scale` on the document's current page, with its structure tree. */
  draw(scale: number): void;
}

/**
 * The one-page layout of a canvas: the header, then every zone in the zone table's order,
 * which is also the structure tree's order (reading order). `measure` gives text widths;
 * `checkpoint` runs often while measuring and drawing.
 */
export function canvasPage(doc: PdfKitDocument, data: CanvasExport, measure: Measure, checkpoint: Checkpoint): CanvasPage {
  const style = data.style ?? DEFAULT_STYLE;
  // The export's colour passed its schema (AA); readablePrimary keeps that true for any caller.
  const look = pageColors(readablePrimary(style.primaryColor), style.accentColor);
  const logo = logoOf(data);
  const run = (pass: Pass, root: Parent) => {
    let y = header(pass, root, data, logo);
    for (const zone of ZONES) {
      y += LAYOUT.zoneGap * pass.scale;
      y = pass.tag(root, 'Sect', (section) => renderZone(ZONE_PDF, zone, pass, section, data, y));
    }
    return y - LAYOUT.margin;
  };
  return {
    height: (scale) => run(new Pass(null, measure, checkpoint, scale, look), null),
    draw: (scale) => {
      const root = doc.struct('Document');
      doc.addStructure(root);
      run(new Pass(doc, measure, checkpoint, scale, look), new Element(doc, null, 'Document', undefined, root));
      root.end();
    },
  };
}
