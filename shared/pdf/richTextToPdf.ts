import type { RichNode } from '../exportFormat';
import type { PdfContent, PdfInline, PdfText } from './pdfTypes';

export interface TextStyle {
  fontSize: number;
  lineHeight: number;
  /** Space after a paragraph or list, in pt. */
  gap: number;
  color: string;
  linkColor: string;
}

// Words longer than this get break opportunities, so one 300-letter word cannot push the
// text off the page edge.
const LONG_WORD = 28;
const BREAK = '\u200B';

function breakLongWords(text: string): string {
  return text.replace(new RegExp(`\\S{${LONG_WORD + 1},}`, 'gu'), (word) => {
    const chars = [...word];
    const parts: string[] = [];
    for (let i = 0; i < chars.length; i += LONG_WORD) parts.push(chars.slice(i, i + LONG_WORD).join(''));
    return parts.join(BREAK);
  });
}

function inline(node: RichNode, style: TextStyle): PdfInline[] {
  if (node.type === 'hardBreak') return ['\n'];
  if (node.type !== 'text' || !node.text) return [];
  const out: PdfText = { text: breakLongWords(node.text) };
  for (const mark of node.marks ?? []) {
    if (mark.type === 'bold') out.bold = true;
    else if (mark.type === 'italic') out.italics = true;
    else if (mark.type === 'underline') out.decoration = 'underline';
    else if (mark.type === 'link' && typeof mark.attrs?.href === 'string') {
      out.link = mark.attrs.href;
      out.color = style.linkColor;
      out.decoration = 'underline';
    }
  }
  return [out];
}

function paragraph(node: RichNode, style: TextStyle, gap: number): PdfText {
  const inlines = (node.content ?? []).flatMap((n) => inline(n, style));
  return { text: inlines.length > 0 ? inlines : ' ', margin: [0, 0, 0, gap] };
}

/** Block content of one list item: its paragraphs and nested lists, without trailing gaps. */
function listItem(node: RichNode, style: TextStyle): PdfContent {
  const children = (node.content ?? []).flatMap((child) => blocks([child], style, 0));
  return children.length === 1 ? children[0]! : { stack: children };
}

/** ProseMirror JSON blocks (already passed through the schema) to pdfmake content. */
export function blocks(nodes: RichNode[], style: TextStyle, gap = style.gap): PdfContent[] {
  const out: PdfContent[] = [];
  nodes.forEach((node, index) => {
    const last = index === nodes.length - 1;
    const after = last ? 0 : gap;
    switch (node.type) {
      case 'paragraph':
        out.push(paragraph(node, style, after));
        break;
      case 'bulletList':
        out.push({ ul: (node.content ?? []).map((li) => listItem(li, style)), margin: [0, 0, 0, after], markerColor: style.color });
        break;
      case 'orderedList': {
        const start = typeof node.attrs?.start === 'number' ? node.attrs.start : 1;
        out.push({ ol: (node.content ?? []).map((li) => listItem(li, style)), start, margin: [0, 0, 0, after] });
        break;
      }
      case 'table':
        // Tables belong to the action plan, which lays them out itself; elsewhere keep the text.
        out.push(...tableAsText(node, style, after));
        break;
      default:
        if (node.content) out.push(...blocks(node.content, style, gap));
    }
  });
  return out;
}

/** The text of every cell of a table row, one string per cell. */
export function cellBlocks(cell: RichNode, style: TextStyle): PdfContent[] {
  return blocks(cell.content ?? [], style, style.gap * 0.5);
}

function tableAsText(node: RichNode, style: TextStyle, gap: number): PdfContent[] {
  return (node.content ?? []).map((row, i, rows) => ({
    stack: (row.content ?? []).flatMap((cell) => cellBlocks(cell, style)),
    margin: [0, 0, 0, i === rows.length - 1 ? gap : style.gap * 0.5] as [number, number, number, number],
  }));
}
