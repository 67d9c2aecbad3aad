import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfFacts {
  pages: number;
  width: number;
  height: number;
  /** All text of page 1, in reading order, joined by spaces. */
  text: string;
  info: Record<string, unknown>;
}

/** Reads a PDF with pdfjs-dist: page count and size, the first page's text, the metadata. */
export async function readPdf(bytes: Uint8Array): Promise<PdfFacts> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const page = await pdf.getPage(1);
    const [, , width, height] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' ');
    const meta = await pdf.getMetadata();
    return { pages: pdf.numPages, width, height, text, info: meta.info as Record<string, unknown> };
  } finally {
    await pdf.destroy();
  }
}

/** Words of `source` missing from `pdfText`, ignoring spacing and line breaks. */
export function missingWords(source: string, pdfText: string): string[] {
  // Headings and table headers print in capitals, as on screen: compare without case.
  const squash = (s: string) => s.replace(/[\s\u200b]+/g, '').toLocaleLowerCase();
  const haystack = squash(pdfText);
  return [...new Set(source.split(/\s+/).filter(Boolean))].filter((word) => !haystack.includes(squash(word)));
}

/** Whether `needle` is in the PDF's text, ignoring spacing (letter-spaced headings split up). */
export function pdfContains(pdfText: string, needle: string): boolean {
  return missingWords(needle.replace(/\s+/g, ''), pdfText).length === 0;
}

/** Every text string of a canvas export, as one string. */
export function exportText(value: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, v] of Object.entries(node)) {
        if ((key === 'text' || key === 'title' || key === 'subtitle') && typeof v === 'string') parts.push(v);
        else if (key !== 'attrs' && key !== 'marks') walk(v);
      }
    }
  };
  walk(value);
  return parts.join(' ');
}

/** The targets of every link annotation on page 1. */
export async function readPdfLinks(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const annotations = (await (await pdf.getPage(1)).getAnnotations()) as { subtype: string; url?: string; unsafeUrl?: string }[];
    return annotations.filter((a) => a.subtype === 'Link').map((a) => a.unsafeUrl ?? a.url ?? '');
  } finally {
    await pdf.destroy();
  }
}
