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

/** A node of a PDF's structure tree as pdf.js reads it, with the text of its marked content. */
export interface TaggedNode {
  role: string;
  /** The text of all marked content under the node, in order. */
  text: string;
  children: TaggedNode[];
  /** How many annotations (OBJR) the node holds directly. */
  annotations: number;
}

export interface TaggedFacts {
  root: TaggedNode | null;
  /** Text drawn on page 1 outside any tagged marked content (artifacts included). */
  untagged: string;
  lang: unknown;
  marked: boolean;
  displayDocTitle: boolean;
  title: unknown;
}

interface RawStructNode {
  role?: string;
  type?: string;
  id?: string;
  children?: RawStructNode[];
}

/** Reads page 1's structure tree with pdf.js, joined to the text of each marked-content id. */
export async function readTaggedPdf(bytes: Uint8Array): Promise<TaggedFacts> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const page = await pdf.getPage(1);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const byId = new Map<string, string>();
    const stack: (string | null)[] = [];
    let untagged = '';
    for (const item of content.items as { type?: string; id?: string | null; str?: string }[]) {
      if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') stack.push(item.id ?? null);
      else if (item.type === 'endMarkedContent') stack.pop();
      else if (typeof item.str === 'string') {
        const id = [...stack].reverse().find((entry) => entry !== null);
        if (id) byId.set(id, (byId.get(id) ?? '') + item.str);
        else untagged += item.str;
      }
    }
    const convert = (node: RawStructNode): TaggedNode => {
      const children: TaggedNode[] = [];
      let text = '';
      let annotations = 0;
      for (const child of node.children ?? []) {
        if (child.type === 'content') text += byId.get(child.id ?? '') ?? '';
        else if (child.type === 'annotation' || child.type === 'object') annotations += 1;
        else {
          const converted = convert(child);
          children.push(converted);
          text += (text && converted.text ? ' ' : '') + converted.text;
        }
      }
      return { role: node.role ?? '', text, children, annotations };
    };
    const tree = (await page.getStructTree()) as RawStructNode | null;
    const meta = await pdf.getMetadata();
    const info = meta.info as Record<string, unknown>;
    const markInfo = (await pdf.getMarkInfo()) as { Marked?: boolean } | null;
    const preferences = (await pdf.getViewerPreferences()) as { DisplayDocTitle?: boolean } | null;
    return {
      root: tree ? convert(tree) : null,
      untagged,
      lang: info.Language,
      marked: markInfo?.Marked === true,
      displayDocTitle: preferences?.DisplayDocTitle === true,
      title: info.Title,
    };
  } finally {
    await pdf.destroy();
  }
}
