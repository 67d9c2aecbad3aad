import type { CanvasExport, PillarExport, RichNode } from '../exportFormat';
import { DEFAULT_STYLE } from '../houseStyle';
import { TYPEFACES, pageColors, readablePrimary } from '../styleValues';
import { ZONES, renderZone, type KindRenderers, type ZoneSpec } from '../zones';
import { blocks, cellBlocks, type TextStyle } from './richTextToPdf';
import { BODY_SIZE_PT } from './typeScale';
import type { PdfContent, PdfDocDefinition, PdfTableLayout } from './pdfTypes';

/** A4 portrait in pt. */
export const A4 = { width: 595.28, height: 841.89 } as const;

const mm = (value: number) => (value * 72) / 25.4;

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
  // Line heights as page.css has them (in em); pdfmake's are these divided by the typeface's
  // natural line (Inter's ~1.21 em: CSS 1.38 -> pdfmake 1.14). The title's is Inter's own.
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

/** The house style as the page draws it: its colours (pageColors), and pdfmake's line height for a CSS one. */
type Look = ReturnType<typeof pageColors> & { line: (css: number) => number };

const CONTENT_WIDTH = A4.width - 2 * LAYOUT.margin;
export const END_MARKER = 'stip-end';

function rule(width: number, color: string, thickness: number): PdfContent {
  return { canvas: [{ type: 'line', x1: 0, y1: thickness / 2, x2: width, y2: thickness / 2, lineWidth: thickness, lineColor: color }] };
}

function heading(text: string, scale: number, look: Look, width = CONTENT_WIDTH, withRule = true): PdfContent {
  return {
    stack: [
      {
        text: text.toLocaleUpperCase(),
        fontSize: LAYOUT.headingSize * scale,
        bold: true,
        color: look.primary,
        characterSpacing: 0.09 * LAYOUT.headingSize * scale,
        margin: [0, 0, 0, mm(1.2) * scale],
      },
      ...(withRule ? [rule(width, LAYOUT.colors.rule, mm(0.25))] : []),
    ],
    margin: [0, 0, 0, mm(1.2) * scale],
  };
}

function bodyStyle(scale: number, look: Look, size: number = LAYOUT.bodySize, cssLine: number = LAYOUT.bodyLine, color: string = LAYOUT.colors.ink): TextStyle {
  return { fontSize: size * scale, lineHeight: look.line(cssLine), gap: 0.35 * size * scale, color, linkColor: look.primary };
}

const NO_LINES: PdfTableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: () => 0,
  paddingRight: () => 0,
  paddingTop: () => 0,
  paddingBottom: () => 0,
};

/** A zone set off on a tinted band with a rule at its left (the horizon). */
function band(title: string, content: RichNode[], scale: number, look: Look): PdfContent {
  const body = blocks(content, bodyStyle(scale, look, LAYOUT.horizonSize, LAYOUT.horizonLine, look.bandInk));
  return {
    table: {
      widths: ['*'],
      body: [[{ stack: [heading(title, scale, look, 0, false), ...body], fontSize: LAYOUT.horizonSize * scale, color: look.bandInk } as PdfContent]],
    },
    layout: {
      ...NO_LINES,
      vLineWidth: (i) => (i === 0 ? mm(1.6) : 0),
      vLineColor: () => look.primary,
      paddingLeft: () => mm(4),
      paddingRight: () => mm(4),
      paddingTop: () => mm(2.5) * scale,
      paddingBottom: () => mm(3) * scale,
      fillColor: () => look.band,
    },
  };
}

function richText(zone: ZoneSpec, title: string, content: RichNode[], scale: number, look: Look): PdfContent {
  if (zone.look === 'band') return band(title, content, scale, look);
  return { stack: [heading(title, scale, look), ...blocks(content, bodyStyle(scale, look))] };
}

function pillars(title: string, list: PillarExport[], scale: number, look: Look): PdfContent {
  const count = Math.max(1, list.length);
  const gap = mm(4);
  const width = (CONTENT_WIDTH - gap * (count - 1)) / count;
  const columns: PdfContent[] = list.map((pillar) => ({
    stack: [
      rule(width, look.accent, mm(0.8)),
      { text: pillar.title || ' ', bold: true, fontSize: LAYOUT.pillarTitleSize * scale, margin: [0, mm(1.5) * scale, 0, mm(1) * scale] },
      ...blocks(pillar.body.content, bodyStyle(scale, look)),
    ],
  }));
  return {
    stack: [heading(title, scale, look), columns.length > 0 ? { columns, columnGap: gap } : { text: ' ' }],
  };
}

function actionTable(table: RichNode, scale: number, look: Look): PdfContent {
  const style = bodyStyle(scale, look);
  const rows = (table.content ?? []).filter((row) => row.type === 'tableRow');
  const columnCount = Math.max(1, ...rows.map((row) => row.content?.length ?? 0));
  const widths = columnCount === 3 ? ['58%', '26%', '16%'] : Array.from({ length: columnCount }, () => '*');
  const body = rows.map((row) => {
    const cells: PdfContent[] = (row.content ?? []).map((cell) =>
      cell.type === 'tableHeader'
        ? { text: cellText(cell).toLocaleUpperCase() || ' ', bold: true, fontSize: LAYOUT.tableHeadSize * scale, color: LAYOUT.colors.muted, characterSpacing: 0.06 * LAYOUT.tableHeadSize * scale }
        : { stack: cellBlocks(cell, style) },
    );
    while (cells.length < columnCount) cells.push({ text: ' ' });
    return cells;
  });
  const headerRows = rows[0]?.content?.every((cell) => cell.type === 'tableHeader') ? 1 : 0;
  return {
    table: { widths, body: body.length > 0 ? body : [[{ text: ' ' }]], headerRows, dontBreakRows: true },
    layout: {
      ...NO_LINES,
      hLineWidth: (i) => (i === 0 ? 0 : i === headerRows && headerRows > 0 ? mm(0.4) : mm(0.25)),
      hLineColor: (i) => (i === headerRows && headerRows > 0 ? LAYOUT.colors.tableRule : LAYOUT.colors.rule),
      paddingRight: () => mm(2) * scale,
      paddingTop: () => mm(1.1) * scale,
      paddingBottom: () => mm(1.1) * scale,
    },
  };
}

function cellText(cell: RichNode): string {
  if (cell.type === 'text') return cell.text ?? '';
  return (cell.content ?? []).map(cellText).join(' ').trim();
}

function actions(title: string, nodes: RichNode[], scale: number, look: Look): PdfContent {
  const style = bodyStyle(scale, look);
  const content: PdfContent[] = [];
  nodes.forEach((node, i) => {
    if (node.type === 'table') content.push(actionTable(node, scale, look));
    else content.push(...blocks([node], style, i === nodes.length - 1 ? 0 : style.gap));
  });
  return { stack: [heading(title, scale, look), ...content] };
}

/** Each kind's section of the page. */
const ZONE_PDF: KindRenderers<[data: CanvasExport, scale: number, look: Look], PdfContent> = {
  richText: (zone, data, scale, look) => richText(zone, zone.heading[data.language], data[zone.key].content, scale, look),
  pillars: (zone, data, scale, look) => pillars(zone.heading[data.language], data[zone.key], scale, look),
  table: (zone, data, scale, look) => actions(zone.heading[data.language], data[zone.key].content, scale, look),
};

/**
 * The header: title and subtitle, the logo at their right (its box scales with the type, so the
 * fit search shrinks it with everything else), then the rule in the primary colour.
 */
function header(data: CanvasExport, scale: number, look: Look): PdfContent {
  const titles: PdfContent[] = [
    { text: data.title || ' ', fontSize: LAYOUT.titleSize * scale, bold: true, color: LAYOUT.colors.ink, lineHeight: look.line(LAYOUT.titleLine), margin: [0, 0, 0, mm(1) * scale] },
    ...(data.subtitle ? [{ text: data.subtitle, fontSize: LAYOUT.subtitleSize * scale, color: LAYOUT.colors.muted } as PdfContent] : []),
  ];
  const logo = data.style?.logo;
  const top: PdfContent = logo
    ? {
        columns: [
          { stack: titles, width: '*' },
          { image: `data:image/png;base64,${logo}`, fit: [LAYOUT.logo.width * scale, LAYOUT.logo.height * scale], width: LAYOUT.logo.width * scale, alignment: 'right' },
        ],
        columnGap: mm(4),
      }
    : { stack: titles };
  return { stack: [top, { ...rule(CONTENT_WIDTH, look.primary, mm(0.6)), margin: [0, mm(3) * scale, 0, 0] } as PdfContent] };
}

/** The one-page document of a canvas, all type multiplied by `scale`. */
export function canvasPdfDocument(data: CanvasExport, scale: number, createdAt: Date): PdfDocDefinition {
  const gap = LAYOUT.zoneGap * scale;
  const style = data.style ?? DEFAULT_STYLE;
  // The export's colour passed its schema (AA); readablePrimary keeps that true for any caller.
  const naturalLine = TYPEFACES[style.typeface].naturalLine;
  const look: Look = { ...pageColors(readablePrimary(style.primaryColor), style.accentColor), line: (css) => css / naturalLine };
  const sections = [header(data, scale, look), ...ZONES.map((zone) => renderZone(ZONE_PDF, zone, data, scale, look))];
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [LAYOUT.margin, LAYOUT.margin, LAYOUT.margin, LAYOUT.margin],
    info: {
      title: data.title || 'Stip',
      author: 'Stip',
      subject: [data.title, data.subtitle].filter(Boolean).join(' · '),
      creator: 'Stip',
      producer: 'Stip (pdfmake)',
      creationDate: createdAt,
    },
    defaultStyle: { font: TYPEFACES[style.typeface].label, fontSize: LAYOUT.bodySize * scale, lineHeight: look.line(LAYOUT.bodyLine), color: LAYOUT.colors.ink },
    content: [
      ...sections.map((section, i) => ({ stack: [section], margin: [0, 0, 0, i === sections.length - 1 ? 0 : gap] }) as PdfContent),
      // Zero-height marker: where it starts is where the content ends (see buildCanvasPdf).
      { text: '\u00a0', id: END_MARKER, fontSize: 0.1, lineHeight: 1 },
    ],
  };
}
