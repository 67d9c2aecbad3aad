import type { FontFace, Typeface } from '../styleValues';

/**
 * The part of pdfkit 0.19 Stip uses, typed here (pdfkit ships no types). Kept narrow on
 * purpose: fonts and the logo are handed over as bytes, never as paths or URLs, so content can
 * never make the engine fetch or read anything.
 */
export interface PdfKitOptions {
  size: [number, number];
  margins: { top: number; bottom: number; left: number; right: number };
  /** null: no default font (pdfkit would otherwise load Helvetica from disk). */
  font: null;
  pdfVersion: '1.7';
  subset: 'PDF/UA';
  tagged: true;
  lang: string;
  displayTitle: true;
  info: { Title: string; Author: string; Subject: string; Creator: string; Producer: string; CreationDate: Date };
}

/** pdfkit writes a String object as a PDF string (a plain string becomes a PDF name). */
export type PdfString = InstanceType<typeof String>;

export const pdfString = (text: string): PdfString => new String(text);

export interface PdfTextOptions {
  lineBreak: false;
  characterSpacing?: number;
}

/** A structure element (`doc.struct`): its children are elements, marked content or a closure that draws. */
export interface PdfStructElement {
  add(child: PdfStructElement | (() => void)): PdfStructElement;
  end(): void;
}

export interface PdfStructOptions {
  lang?: string;
  alt?: string;
  scope?: 'Column' | 'Row';
}

/** pdfkit's internals for an embedded font (`doc._font`): its fontkit font and PDF widths. */
export interface PdfKitFont {
  font: { unitsPerEm: number; getGlyph(id: number): { advanceWidth: number }; hasGlyphForCodePoint(codePoint: number): boolean };
  /** Glyph widths in 1/1000 em, by subset glyph id (the W array); 0 is .notdef. */
  widths: number[];
  /** 1000 / unitsPerEm. */
  scale: number;
}

export interface PdfKitDocument {
  /** The current font (set by `font`): pdfkit's internals, used to fix .notdef's width and find missing glyphs. */
  _font: PdfKitFont;
  registerFont(name: string, src: Uint8Array): PdfKitDocument;
  font(name: string): PdfKitDocument;
  fontSize(size: number): PdfKitDocument;
  widthOfString(text: string, options?: { characterSpacing?: number }): number;
  /** ascent - descent of the current font at the current size. */
  currentLineHeight(): number;
  fillColor(color: string): PdfKitDocument;
  strokeColor(color: string): PdfKitDocument;
  lineWidth(width: number): PdfKitDocument;
  text(text: string, x: number, y: number, options: PdfTextOptions): PdfKitDocument;
  /**
   * A URI link annotation over the rectangle, referenced from `structParent` (a Link element);
   * `Contents` is its text alternative (PDF/UA).
   */
  link(x: number, y: number, width: number, height: number, url: string, options: { structParent: PdfStructElement; Contents: PdfString }): PdfKitDocument;
  rect(x: number, y: number, width: number, height: number): PdfKitDocument;
  moveTo(x: number, y: number): PdfKitDocument;
  lineTo(x: number, y: number): PdfKitDocument;
  fill(color?: string): PdfKitDocument;
  stroke(color?: string): PdfKitDocument;
  image(src: ArrayBuffer, x: number, y: number, options: { width: number; height: number }): PdfKitDocument;
  addPage(): PdfKitDocument;
  struct(type: string, options?: PdfStructOptions): PdfStructElement;
  addStructure(element: PdfStructElement): PdfKitDocument;
  markContent(tag: 'Artifact', options: { type: 'Layout' | 'Pagination' | 'Background' }): PdfKitDocument;
  /** Marked content whose text is `actual` (ActualText), whatever glyphs it draws. */
  markContent(tag: 'Span', options: { actual: string }): PdfKitDocument;
  endMarkedContent(): PdfKitDocument;
  on(event: 'data', listener: (chunk: Uint8Array) => void): PdfKitDocument;
  on(event: 'end', listener: () => void): PdfKitDocument;
  on(event: 'error', listener: (error: unknown) => void): PdfKitDocument;
  end(): void;
}

/**
 * What an engine gives the one builder: pdfkit's constructor (Node's build on the server, the
 * standalone build in the browser) and the four TTF faces of a typeface, as bytes.
 */
export interface PdfEngine {
  createDocument(options: PdfKitOptions): PdfKitDocument;
  fonts(typeface: Typeface): Promise<Record<FontFace, Uint8Array>>;
}
