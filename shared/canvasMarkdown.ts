import { isAllowedHref } from './linkHref';
import type { CanvasExport, RichNode, ZoneDoc } from './exportFormat';
import { canvasTitle, pillarTitle } from './outputWords';
import { ZONES, renderZone, type KindRenderers } from './zones';

/**
 * The canvas as Markdown (CommonMark with a GFM table): a heading per zone in the canvas
 * language, lists as lists, the action plan as a table. It is built from the export, which
 * has already passed every zone through the editor's schema; text is escaped so it never
 * turns into Markdown syntax, and only http, https and mailto links become links.
 */
export function canvasToMarkdown(data: CanvasExport): string {
  const { language } = data;
  const out: string[] = [`# ${escapeLine(canvasTitle(data.title, language))}`];
  if (data.subtitle.trim()) out.push(escapeLine(data.subtitle.trim()));
  for (const zone of ZONES) out.push(`## ${zone.heading[language]}`, ...renderZone(ZONE_MARKDOWN, zone, data));
  return `${out.filter((block) => block !== '').join('\n\n')}\n`;
}

/** Each kind's blocks under its zone's heading. */
const ZONE_MARKDOWN: KindRenderers<[data: CanvasExport], string[]> = {
  richText: (zone, data) => blocks(data[zone.key]),
  pillars: (zone, { language, ...data }) =>
    data[zone.key].flatMap((pillar, index) => [`### ${escapeLine(pillarTitle(pillar.title, language, index))}`, ...blocks(pillar.body)]),
  table: (zone, data) => blocks(data[zone.key], zone.columns[data.language]),
};

/** One Markdown block per top-level node; blank paragraphs leave nothing. */
function blocks(zone: ZoneDoc, columns?: readonly string[]): string[] {
  return zone.content.map((node) => block(node, columns)).filter((b) => b.trim() !== '');
}

function block(node: RichNode, columns?: readonly string[]): string {
  switch (node.type) {
    case 'paragraph':
      return inline(node.content ?? []);
    case 'bulletList':
    case 'orderedList':
      return list(node);
    case 'table':
      return table(node, columns ?? ['', '', '']);
    default:
      // The export holds nothing else; keep the text of anything unexpected all the same.
      return (node.content ?? []).map((child) => block(child, columns)).join('\n\n');
  }
}

function list(node: RichNode): string {
  const ordered = node.type === 'orderedList';
  const start = typeof node.attrs?.start === 'number' ? node.attrs.start : 1;
  return (node.content ?? [])
    .map((item, index) => {
      const marker = ordered ? `${start + index}. ` : '- ';
      const indent = ' '.repeat(marker.length);
      // A nested list follows its line directly; a second paragraph needs a blank line.
      let body = '';
      for (const child of item.content ?? []) {
        const nested = child.type === 'bulletList' || child.type === 'orderedList';
        const part = nested ? list(child) : block(child);
        if (part === '') continue;
        body += body === '' ? part : `${nested ? '\n' : '\n\n'}${part}`;
      }
      // Continuation lines line up under the item's text.
      return `${marker}${body}`
        .split('\n')
        .map((line, i) => (i === 0 || line === '' ? line : indent + line))
        .join('\n')
        .trimEnd();
    })
    .join('\n');
}

function table(node: RichNode, columns: readonly string[]): string {
  const rows = (node.content ?? []).map((row) => (row.content ?? []).map(cell));
  const first = node.content?.[0];
  const hasHeader = Boolean(first?.content?.length) && first!.content!.every((c) => c.type === 'tableHeader');
  const header = hasHeader ? rows.shift()! : columns.map(escapeLine);
  const width = Math.max(header.length, ...rows.map((r) => r.length));
  const line = (cells: string[]) =>
    `| ${Array.from({ length: width }, (_, i) => cells[i] || ' ').join(' | ')} |`.replace(/ {2,}\|/g, ' |');
  return [line(header), `|${' --- |'.repeat(width)}`, ...rows.filter((r) => r.some((c) => c !== '')).map(line)].join('\n');
}

/** A table cell is one line: paragraphs and list items are joined with `<br>` (as GFM renders). */
function cell(node: RichNode): string {
  const lines: string[] = [];
  const collect = (n: RichNode, bullet: string) => {
    if (n.type === 'paragraph') lines.push(bullet + inline(n.content ?? [], ' '));
    else if (n.type === 'listItem') (n.content ?? []).forEach((c, i) => collect(c, i === 0 ? '• ' : ''));
    else (n.content ?? []).forEach((c) => collect(c, bullet));
  };
  (node.content ?? []).forEach((c) => collect(c, ''));
  return lines.filter((l) => l.trim() !== '').join('<br>');
}

type Emphasis = 'bold' | 'italic';
const DELIMITER: Record<Emphasis, string> = { bold: '**', italic: '*' };

/**
 * Text with bold, italic and links. Emphasis opens and closes only where it changes between
 * neighbouring text nodes, and spaces stay outside the delimiters (`** x**` is not bold).
 * Underline has no Markdown form: its text is kept plain.
 */
function inline(nodes: RichNode[], hardBreak = '\\\n'): string {
  let out = '';
  // The link being written (its text so far), or null outside a link.
  let link = null as { href: string; text: string } | null;
  const open: Emphasis[] = [];
  const emit = (s: string) => {
    if (link) link.text += s;
    else out += s;
  };
  const closeTo = (keep: number) => {
    while (open.length > keep) emit(DELIMITER[open.pop()!]);
  };
  const endLink = () => {
    if (!link) return;
    closeTo(0);
    const { href, text } = link;
    link = null;
    out += `[${text}](${encodeHref(href)})`;
  };

  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      endLink();
      closeTo(0);
      out += hardBreak;
      continue;
    }
    if (node.type !== 'text' || !node.text) continue;
    const href = node.marks?.find((m) => m.type === 'link')?.attrs?.href;
    const nextHref = isAllowedHref(href) ? href : null;
    if (nextHref !== (link?.href ?? null)) {
      endLink();
      closeTo(0);
      if (nextHref !== null) link = { href: nextHref, text: '' };
    }
    const marks = new Set(node.marks?.map((m) => m.type));
    const wanted = (['bold', 'italic'] as const).filter((m) => marks.has(m));
    // Keep the longest run of open emphasis that is still wanted; close the rest.
    let keep = 0;
    while (keep < open.length && wanted.includes(open[keep]!)) keep++;
    closeTo(keep);
    const text = escapeText(node.text.replace(/[\r\n]+/g, ' '));
    const core = text.trim();
    if (core === '') {
      emit(text);
      continue;
    }
    const lead = text.slice(0, text.indexOf(core));
    const trail = text.slice(lead.length + core.length);
    emit(lead);
    for (const mark of wanted) {
      if (open.includes(mark)) continue;
      open.push(mark);
      emit(DELIMITER[mark]);
    }
    emit(core);
    if (trail) {
      closeTo(0);
      emit(trail);
    }
  }
  endLink();
  closeTo(0);
  // Leading spaces could make an indented code block; a line start could make a block.
  return out
    .replace(/(\\\n)+$/, '')
    .split('\n')
    .map((line) => escapeBlockStart(line.trimStart()))
    .join('\n')
    .trimEnd();
}

/** Characters that would otherwise start Markdown syntax anywhere in a line. */
const INLINE_SPECIAL = /[\\`*_[\]<>|~]/g;

/** Escapes text so it reads as itself; line starts that would make a block are escaped too. */
function escapeText(text: string): string {
  return text
    .replace(INLINE_SPECIAL, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/!(?=\\\[)/g, '\\!');
}

/** Text that stands alone on a line (a heading, a paragraph start). */
function escapeLine(text: string): string {
  return escapeBlockStart(escapeText(text.replace(/\s+/g, ' ')));
}

function escapeBlockStart(line: string): string {
  return line.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A link destination without spaces or brackets, so it cannot end early or inject. */
function encodeHref(href: string): string {
  return href.replace(/[\s()<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

