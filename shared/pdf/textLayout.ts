import type { Checkpoint } from '../checkpoint';
import type { RichNode } from '../exportFormat';
import { isAllowedHref } from '../linkHref';
import type { FontFace } from '../styleValues';

/** How a stretch of text is drawn: its face, colour, underline and link target. */
export interface RunStyle {
  face: FontFace;
  color: string;
  underline: boolean;
  link?: string;
}

/** A stretch of text in one style; `\n` alone is a hard line break. */
export interface Run {
  text: string;
  style: RunStyle;
}

/** Part of a line in one style, `x` from the line's start. */
export interface Segment {
  text: string;
  style: RunStyle;
  x: number;
  width: number;
}

export type Line = Segment[];

/** The width of `text` in `face` at 1 pt (the builder caches these per face and string). */
export type Measure = (text: string, face: FontFace) => number;

interface Word {
  parts: Run[];
  /** The space before the word (none at the start of a paragraph or after a break). */
  space: Run | null;
}

type Token = Word | 'break';

/** Runs cut into words: a word may change style inside ("**8 of hoger**."), breaks only at spaces. */
function words(runs: Run[]): Token[] {
  const tokens: Token[] = [];
  let current: Word | null = null;
  let space: Run | null = null;
  for (const run of runs) {
    if (run.text === '\n') {
      tokens.push('break');
      current = null;
      space = null;
      continue;
    }
    for (const chunk of run.text.match(/\s+|\S+/gu) ?? []) {
      if (/^\s/u.test(chunk)) {
        current = null;
        space = { text: ' ', style: run.style };
      } else if (current) {
        current.parts.push({ text: chunk, style: run.style });
      } else {
        current = { parts: [{ text: chunk, style: run.style }], space };
        tokens.push(current);
        space = null;
      }
    }
  }
  return tokens;
}

/**
 * Breaks runs into lines of at most `width` pt at type size `size`, with the real widths of
 * each face; `spacing` is extra space after every character. A word wider than a line is cut
 * between characters, so no text runs off the page. Adjacent parts in the same style share a
 * segment (one text operation each). Always at least one line. `checkpoint` runs before every
 * word: one paragraph can hold a whole canvas's text, and a word not measured before costs
 * tens of microseconds to shape.
 */
export function wrap(runs: Run[], size: number, width: number, measure: Measure, checkpoint: Checkpoint, spacing = 0): Line[] {
  const widthOf = (run: Run) => measure(run.text, run.style.face) * size + spacing * [...run.text].length;
  const lines: Line[] = [[]];
  let x = 0;
  const newLine = () => {
    lines.push([]);
    x = 0;
  };
  const put = (run: Run, w: number) => {
    const line = lines[lines.length - 1]!;
    const last = line[line.length - 1];
    if (last && sameStyle(last.style, run.style)) {
      last.text += run.text;
      last.width += w;
    } else {
      line.push({ text: run.text, style: run.style, x, width: w });
    }
    x += w;
  };
  for (const token of words(runs)) {
    checkpoint();
    if (token === 'break') {
      newLine();
      continue;
    }
    const parts = token.parts.map((part) => ({ part, w: widthOf(part) }));
    const total = parts.reduce((sum, p) => sum + p.w, 0);
    const space = x > 0 && token.space ? { run: token.space, w: widthOf(token.space) } : null;
    if (x > 0 && x + (space?.w ?? 0) + total > width) newLine();
    else if (space) put(space.run, space.w);
    if (total <= width - x) {
      for (const { part, w } of parts) put(part, w);
      continue;
    }
    // Longer than a line: character by character.
    for (const { part } of parts) {
      for (const char of part.text) {
        const piece = { text: char, style: part.style };
        const w = widthOf(piece);
        if (x > 0 && x + w > width) newLine();
        put(piece, w);
      }
    }
  }
  return lines;
}

function sameStyle(a: RunStyle, b: RunStyle): boolean {
  return a.face === b.face && a.color === b.color && a.underline === b.underline && a.link === b.link;
}

function face(bold: boolean, italic: boolean): FontFace {
  if (bold) return italic ? 'bolditalics' : 'bold';
  return italic ? 'italics' : 'normal';
}

/** A paragraph's inline nodes (text with bold, italic, underline and link marks; hard breaks) as runs. */
export function inlineRuns(nodes: RichNode[], color: string, linkColor: string): Run[] {
  return nodes.flatMap((node): Run[] => {
    const plain: RunStyle = { face: 'normal', color, underline: false };
    if (node.type === 'hardBreak') return [{ text: '\n', style: plain }];
    if (node.type !== 'text' || !node.text) return [];
    let bold = false;
    let italic = false;
    const style: RunStyle = { ...plain };
    for (const mark of node.marks ?? []) {
      if (mark.type === 'bold') bold = true;
      else if (mark.type === 'italic') italic = true;
      else if (mark.type === 'underline') style.underline = true;
      // The same allow-list as Word and the page: a javascript: href is never a link, whoever calls.
      else if (mark.type === 'link' && isAllowedHref(mark.attrs?.href)) {
        style.link = mark.attrs.href;
        style.color = linkColor;
        style.underline = true;
      }
    }
    style.face = face(bold, italic);
    return [{ text: node.text.replace(/\n/g, ' '), style }];
  });
}
