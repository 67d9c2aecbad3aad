import { inflateRawSync } from 'node:zlib';

/**
 * Reads a .docx back for tests, with nothing but node's zlib: the zip's central directory, the
 * parts' XML as an element tree, and from it what Word would show: paragraphs with their style,
 * list numbering and runs, tables with their rows, widths and repeating header rows.
 */

/** The files of a zip archive (stored or deflated), by name. */
export function unzip(bytes: Uint8Array): Map<string, Buffer> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end of central directory record: its signature within the last 64 KiB + 22 bytes.
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65_557); i -= 1) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip file: no end of central directory');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let n = 0; n < count; n += 1) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('broken central directory');
    const method = buffer.readUInt16LE(at + 10);
    const compressed = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    if (buffer.readUInt32LE(local) !== 0x04034b50) throw new Error(`broken local header of ${name}`);
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(dataStart, dataStart + compressed);
    if (method === 0) files.set(name, Buffer.from(data));
    else if (method === 8) files.set(name, inflateRawSync(data));
    else throw new Error(`${name}: compression method ${method} is not read here`);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
    return ENTITIES[entity] ?? whole;
  });
}

/** A small XML parser for well-formed documents (no DTD): elements, attributes, text. */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#root', attrs: {}, children: [] };
  const stack = [root];
  const token = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const match of xml.matchAll(token)) {
    const [, cdata, closing, opening, attrText, selfClosing, text] = match;
    const top = stack[stack.length - 1]!;
    if (cdata !== undefined) top.children.push(cdata);
    else if (closing) {
      if (top.name !== closing) throw new Error(`</${closing}> closes <${top.name}>`);
      stack.pop();
    } else if (opening) {
      const attrs: Record<string, string> = {};
      for (const [, key, dq, sq] of (attrText ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[key!] = decode(dq ?? sq ?? '');
      const element: XmlElement = { name: opening, attrs, children: [] };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    } else if (text !== undefined && top !== root) top.children.push(decode(text));
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> is not closed`);
  return root.children.find((child): child is XmlElement => typeof child !== 'string')!;
}

export function elements(node: XmlElement, name: string): XmlElement[] {
  return node.children.filter((child): child is XmlElement => typeof child !== 'string' && child.name === name);
}

export function child(node: XmlElement | undefined, name: string): XmlElement | undefined {
  return node ? elements(node, name)[0] : undefined;
}

/** Every descendant named `name`, in document order. */
export function descendants(node: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (element: XmlElement) => {
    for (const c of element.children) {
      if (typeof c === 'string') continue;
      if (c.name === name) found.push(c);
      walk(c);
    }
  };
  walk(node);
  return found;
}

export interface DocxRun {
  text: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  /** The link target when the run is inside a hyperlink. */
  href: string | null;
}

export interface DocxParagraph {
  style: string | null;
  /** List membership: the numbering instance, its level and its format (`bullet`, `decimal`, ...). */
  list: { numId: string; level: number; format: string } | null;
  runs: DocxRun[];
  text: string;
}

export interface DocxTable {
  width: { w: string; type: string } | null;
  layout: string | null;
  grid: number[];
  rows: { header: boolean; cells: { width: { w: string; type: string } | null; paragraphs: DocxParagraph[]; text: string }[] }[];
}

export type DocxBlock = { kind: 'paragraph'; paragraph: DocxParagraph } | { kind: 'table'; table: DocxTable };

export interface DocxContents {
  files: Map<string, Buffer>;
  blocks: DocxBlock[];
  paragraphs: DocxParagraph[];
  tables: DocxTable[];
  /** dc:title of docProps/core.xml. */
  title: string;
  /** The default run language of styles.xml (`w:lang`). */
  language: string | null;
}

/** An on/off property: present and not switched off (`false`, `0`, `off`; `none` for underline). */
const flag = (props: XmlElement | undefined, name: string) => {
  const element = child(props, name);
  return element !== undefined && !['false', '0', 'off', 'none'].includes(element.attrs['w:val'] ?? 'on');
};

/** A .docx as Word reads it: body blocks in order, list formats resolved through numbering.xml. */
export function readDocx(bytes: Uint8Array): DocxContents {
  const files = unzip(bytes);
  const xml = (name: string) => {
    const file = files.get(name);
    if (!file) throw new Error(`the .docx has no ${name}`);
    return parseXml(file.toString('utf8'));
  };
  const document = xml('word/document.xml');
  const relations = new Map(descendants(xml('word/_rels/document.xml.rels'), 'Relationship').map((r) => [r.attrs.Id!, r.attrs.Target!]));
  const numbering = files.has('word/numbering.xml') ? xml('word/numbering.xml') : null;
  const abstractOf = new Map((numbering ? elements(numbering, 'w:num') : []).map((num) => [num.attrs['w:numId']!, child(num, 'w:abstractNumId')?.attrs['w:val']]));
  const formatOf = (numId: string, level: number) => {
    const abstract = numbering ? elements(numbering, 'w:abstractNum').find((a) => a.attrs['w:abstractNumId'] === abstractOf.get(numId)) : undefined;
    const lvl = abstract ? elements(abstract, 'w:lvl').find((l) => Number(l.attrs['w:ilvl']) === level) : undefined;
    return child(lvl, 'w:numFmt')?.attrs['w:val'] ?? 'missing';
  };

  const paragraph = (p: XmlElement): DocxParagraph => {
    const props = child(p, 'w:pPr');
    const numPr = child(props, 'w:numPr');
    const numId = child(numPr, 'w:numId')?.attrs['w:val'];
    const level = Number(child(numPr, 'w:ilvl')?.attrs['w:val'] ?? 0);
    const runs: DocxRun[] = [];
    const collect = (element: XmlElement, href: string | null) => {
      for (const c of element.children) {
        if (typeof c === 'string') continue;
        if (c.name === 'w:hyperlink') collect(c, relations.get(c.attrs['r:id'] ?? '') ?? null);
        else if (c.name === 'w:r') {
          const rPr = child(c, 'w:rPr');
          const text = c.children.map((t) => (typeof t === 'string' ? '' : t.name === 'w:t' ? t.children.join('') : t.name === 'w:br' ? '\n' : '')).join('');
          runs.push({ text, bold: flag(rPr, 'w:b'), italic: flag(rPr, 'w:i'), underline: flag(rPr, 'w:u'), href });
        }
      }
    };
    collect(p, null);
    return {
      style: child(props, 'w:pStyle')?.attrs['w:val'] ?? null,
      list: numId ? { numId, level, format: formatOf(numId, level) } : null,
      runs,
      text: runs.map((r) => r.text).join(''),
    };
  };
  const widthOf = (element: XmlElement | undefined) => (element ? { w: element.attrs['w:w']!, type: element.attrs['w:type']! } : null);
  const table = (tbl: XmlElement): DocxTable => {
    const props = child(tbl, 'w:tblPr');
    return {
      width: widthOf(child(props, 'w:tblW')),
      layout: child(props, 'w:tblLayout')?.attrs['w:type'] ?? null,
      grid: elements(child(tbl, 'w:tblGrid') ?? { name: '', attrs: {}, children: [] }, 'w:gridCol').map((g) => Number(g.attrs['w:w'])),
      rows: elements(tbl, 'w:tr').map((tr) => ({
        header: flag(child(tr, 'w:trPr'), 'w:tblHeader'),
        cells: elements(tr, 'w:tc').map((tc) => {
          const paragraphs = descendants(tc, 'w:p').map(paragraph);
          return { width: widthOf(child(child(tc, 'w:tcPr'), 'w:tcW')), paragraphs, text: paragraphs.map((p) => p.text).join('\n') };
        }),
      })),
    };
  };

  const body = child(document, 'w:body')!;
  const blocks: DocxBlock[] = [];
  for (const c of body.children) {
    if (typeof c === 'string') continue;
    if (c.name === 'w:p') blocks.push({ kind: 'paragraph', paragraph: paragraph(c) });
    else if (c.name === 'w:tbl') blocks.push({ kind: 'table', table: table(c) });
  }
  const core = xml('docProps/core.xml');
  const styles = xml('word/styles.xml');
  const lang = descendants(child(styles, 'w:docDefaults') ?? styles, 'w:lang')[0];
  return {
    files,
    blocks,
    paragraphs: blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.paragraph] : [])),
    tables: blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : [])),
    title: descendants(core, 'dc:title')[0]?.children.join('') ?? '',
    language: lang?.attrs['w:val'] ?? null,
  };
}
