/**
 * The part of pdfmake's document definition Stip uses. Kept local (pdfmake 0.3 ships no
 * types) and narrow on purpose: no SVG, URLs or files, so content can never make the engine
 * fetch or read anything. The one image is the house style's logo, as a `data:image/png`
 * URL of a PNG that passed checkPng (both engines refuse every other URL and path).
 */
export type PdfInline = string | PdfText;

export interface PdfText {
  text: string | PdfInline[];
  bold?: boolean;
  italics?: boolean;
  decoration?: 'underline';
  link?: string;
  color?: string;
  fontSize?: number;
  lineHeight?: number;
  characterSpacing?: number;
  margin?: [number, number, number, number];
  id?: string;
}

export type PdfContent =
  | PdfText
  | { stack: PdfContent[]; margin?: [number, number, number, number]; id?: string }
  | { columns: PdfContent[]; columnGap: number; margin?: [number, number, number, number] }
  | { ul: PdfContent[]; margin?: [number, number, number, number]; markerColor?: string; fontSize?: number; lineHeight?: number }
  | { ol: PdfContent[]; start?: number; margin?: [number, number, number, number]; fontSize?: number; lineHeight?: number }
  | { table: { widths: (number | string)[]; body: PdfContent[][]; headerRows?: number; dontBreakRows?: boolean }; layout?: PdfTableLayout; margin?: [number, number, number, number] }
  | { canvas: PdfCanvasLine[]; margin?: [number, number, number, number] }
  | { image: string; fit: [number, number]; width?: number; alignment?: 'right'; margin?: [number, number, number, number] }
  | { columns: PdfContent[]; columnGap: number; width?: number | string; margin?: [number, number, number, number] }
  | { stack: PdfContent[]; width: number | string };

export interface PdfCanvasLine {
  type: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  lineWidth: number;
  lineColor: string;
}

export interface PdfTableLayout {
  hLineWidth: (i: number, node: { table: { body: unknown[] } }) => number;
  vLineWidth: (i: number, node: { table: { widths: unknown[] } }) => number;
  hLineColor?: (i: number, node: { table: { body: unknown[] } }) => string;
  vLineColor?: (i: number) => string;
  paddingLeft: (i: number) => number;
  paddingRight: (i: number) => number;
  paddingTop: (i: number) => number;
  paddingBottom: (i: number) => number;
  fillColor?: (rowIndex: number) => string | null;
}

export interface PdfNodeInfo {
  id?: string;
  pages?: number;
  startPosition: { pageNumber: number; top: number };
}

export interface PdfDocDefinition {
  pageSize: 'A4';
  pageOrientation: 'portrait';
  pageMargins: [number, number, number, number];
  info: { title: string; author: string; subject: string; creator: string; producer: string; creationDate: Date };
  defaultStyle: { font: string; fontSize: number; lineHeight: number; color: string };
  content: PdfContent[];
  pageBreakBefore?: (node: PdfNodeInfo) => boolean;
}

/** Renders a document definition to PDF bytes: pdfmake in the browser or in a worker thread. */
export interface PdfEngine {
  render(definition: PdfDocDefinition): Promise<Uint8Array>;
}

/**
 * The font family name the builder uses for a typeface: its label. Each engine registers the
 * four TTF faces of `@expo-google-fonts/<dir>` under it (TTF: fontkit crashes on WOFF2); see
 * TYPEFACES and fontFile in shared/styleValues.ts.
 */
export { TYPEFACES as PDF_TYPEFACES } from '../styleValues';
