import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timesFour } from '../../bench/figures/pdfRender';
import type { Language } from '../../shared/canvasSettings';
import type { CanvasExport, RichNode } from '../../shared/exportFormat';
import { DEFAULT_STYLE } from '../../shared/houseStyle';
import { buildCanvasPdf } from '../../shared/pdf/buildCanvasPdf';
import type { PdfEngine } from '../../shared/pdf/pdfTypes';
import { toBase64 } from '../../shared/styleValues';
import { exampleCanvas } from '../../shared/templates';
import { ZONES } from '../../shared/zones';
import { exportText, missingWords, readPdfLinks, readTaggedPdf, type TaggedNode } from '../../tests/helpers/pdfText';
import { normaliseLogo } from '../style/logoImage';
import { createNodePdfEngine } from './nodePdfEngine';

let engine: PdfEngine;
let dir: string;

beforeAll(() => {
  engine = createNodePdfEngine();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-tagged-pdf-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Text without spacing or case: pdf.js splits letter-spaced capitals and joins lines its own way. */
const squash = (text: string) => text.replace(/[\s\u200b]+/g, '').toLocaleLowerCase();
const roles = (nodes: TaggedNode[]) => nodes.map((node) => node.role);

function plainText(node: RichNode): string {
  return node.type === 'text' ? (node.text ?? '') : (node.content ?? []).map(plainText).join(' ');
}

/** The elements a zone's blocks become: a paragraph a P, a list an L. */
function blockRoles(nodes: RichNode[]): string[] {
  return nodes.map((node) => ({ paragraph: 'P', bulletList: 'L', orderedList: 'L', table: 'Table' })[node.type] ?? node.type);
}

/** Checks blocks against their elements: role and text of each, and every list item as LI > (Lbl, LBody). */
function expectBlocks(elements: TaggedNode[], nodes: RichNode[], where: string) {
  expect(roles(elements), where).toEqual(blockRoles(nodes));
  nodes.forEach((node, i) => {
    const element = elements[i]!;
    if (node.type === 'table') return;
    // A list's text holds its labels: its items are checked one by one below.
    if (element.role !== 'L') {
      expect(squash(element.text), `${where} ${i}`).toBe(squash(plainText(node)));
      return;
    }
    const items = node.content ?? [];
    expect(roles(element.children), `${where} ${i}`).toEqual(items.map(() => 'LI'));
    element.children.forEach((li, k) => {
      expect(roles(li.children), `${where} ${i}.${k}`).toEqual(['Lbl', 'LBody']);
      expect(li.children[0]!.text.trim()).toBe(node.type === 'bulletList' ? '•' : `${k + 1}.`);
      expectBlocks(li.children[1]!.children, items[k]!.content ?? [], `${where} ${i}.${k}`);
    });
  });
}

/** The whole structure tree against the canvas, in reading order. */
async function expectTagged(data: CanvasExport, bytes: Uint8Array) {
  const facts = await readTaggedPdf(bytes);
  expect(facts.marked).toBe(true);
  expect(facts.displayDocTitle).toBe(true);
  expect(facts.lang).toBe(data.language);
  expect(facts.title).toBe(data.title);
  expect(facts.root?.role).toBe('Root');
  expect(roles(facts.root!.children)).toEqual(['Document']);
  const top = facts.root!.children[0]!.children;
  // Title, subtitle, then one section per zone in the zone table's order (the logo is no element).
  expect(roles(top)).toEqual(['H1', 'P', ...ZONES.map(() => 'Sect')]);
  expect(top[0]!.text.trim()).toBe(data.title);
  expect(top[1]!.text.trim()).toBe(data.subtitle);
  const sections = top.slice(2);
  ZONES.forEach((zone, i) => {
    const [heading, ...content] = sections[i]!.children;
    expect(heading?.role, zone.key).toBe('H2');
    expect(squash(heading!.text), zone.key).toBe(squash(zone.heading[data.language]));
    if (zone.kind === 'richText') expectBlocks(content, data[zone.key].content, zone.key);
    else if (zone.kind === 'pillars') {
      expect(roles(content)).toEqual(data.pillars.map(() => 'Sect'));
      data.pillars.forEach((pillar, p) => {
        const [title, ...body] = content[p]!.children;
        expect(title?.role).toBe('H3');
        expect(title!.text.trim()).toBe(pillar.title);
        expectBlocks(body, pillar.body.content, `pillar ${p}`);
      });
    } else {
      expectBlocks(content, data.actions.content, zone.key);
      const table = data.actions.content.find((node) => node.type === 'table')!;
      const rows = content[blockRoles(data.actions.content).indexOf('Table')]!.children;
      expect(roles(rows)).toEqual((table.content ?? []).map(() => 'TR'));
      rows.forEach((row, r) => {
        const cells = table.content![r]!.content ?? [];
        expect(roles(row.children), `row ${r}`).toEqual(cells.map((cell) => (cell.type === 'tableHeader' ? 'TH' : 'TD')));
        row.children.forEach((cell, c) => expect(squash(cell.text), `row ${r} cell ${c}`).toBe(squash(plainText(cells[c]!))));
      });
      expect(roles(rows[0]!.children)).toEqual(['TH', 'TH', 'TH']);
      expect(rows[0]!.children.map((cell) => squash(cell.text))).toEqual(zone.columns[data.language].map(squash));
    }
  });
  // Every word of the canvas is inside a tagged element; no text is drawn outside the tree.
  expect(missingWords(exportText(data), facts.root!.text)).toEqual([]);
  expect(facts.untagged.trim()).toBe('');
  return facts;
}

function pdfTool(tool: 'pdfinfo' | 'pdffonts', bytes: Uint8Array): string {
  const file = path.join(dir, `${tool}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  return execFileSync(tool, [file], { encoding: 'utf8' });
}

function find(node: TaggedNode, role: string): TaggedNode[] {
  return [...(node.role === role ? [node] : []), ...node.children.flatMap((child) => find(child, role))];
}

describe('the canvas PDF is tagged', () => {
  for (const language of ['nl', 'en'] as Language[]) {
    it(`has a structure tree in reading order, language ${language}, its title as window title`, async () => {
      const data = exampleCanvas(language);
      const pdf = await buildCanvasPdf(data, engine);
      await expectTagged(data, pdf.bytes);
      expect(pdfTool('pdfinfo', pdf.bytes)).toMatch(/Tagged:\s+yes\n[\s\S]*Pages:\s+1\n/);
    });
  }

  it('tags links as Link elements holding their text and their annotation; ordered and nested lists as L', async () => {
    const data = exampleCanvas('en');
    const href = 'https://example.org/plan';
    const paragraph = (...content: RichNode[]): RichNode => ({ type: 'paragraph', content });
    const item = (...content: RichNode[]): RichNode => ({ type: 'listItem', content });
    data.obstacles.content = [
      ...data.obstacles.content,
      paragraph({ type: 'text', text: 'See ' }, { type: 'text', text: 'the plan', marks: [{ type: 'link', attrs: { href } }] }, { type: 'text', text: ' for more.' }),
      {
        type: 'orderedList',
        attrs: { start: 1 },
        content: [
          item(paragraph({ type: 'text', text: 'First, ' }, { type: 'text', text: 'underlined', marks: [{ type: 'underline' }] }, { type: 'hardBreak' }, { type: 'text', text: 'after a break' })),
          item(paragraph({ type: 'text', text: 'Second' }), { type: 'bulletList', content: [item(paragraph({ type: 'text', text: 'Nested' }))] }),
        ],
      },
    ];
    const pdf = await buildCanvasPdf(data, engine);
    const facts = await expectTagged(data, pdf.bytes);
    const links = find(facts.root!, 'Link');
    expect(links.map((link) => [link.text.trim(), link.annotations])).toEqual([['the plan', 1]]);
    const holder = find(facts.root!, 'P').find((p) => p.children.includes(links[0]!));
    expect(holder && squash(holder.text)).toBe(squash('See the plan for more.'));
    expect(await readPdfLinks(pdf.bytes)).toEqual([href]);
    // The annotation's text alternative is the link's text.
    expect(Buffer.from(pdf.bytes).toString('latin1')).toMatch(/\/Subtype \/Link[^>]*\/Contents \(the plan\)|\/Contents \(the plan\)[^>]*\/Subtype \/Link/);
  });

  it('keeps four times the example on one page, shrunk, every element tagged', async () => {
    const data = timesFour(exampleCanvas('nl'));
    const pdf = await buildCanvasPdf(data, engine);
    expect(pdf.scale).toBeLessThan(1);
    expect(pdf.fits).toBe(true);
    expect(pdfTool('pdfinfo', pdf.bytes)).toMatch(/Pages:\s+1\n/);
    await expectTagged(data, pdf.bytes);
  });

  it('in a house style: its typeface embedded, the logo drawn as an artifact', async () => {
    const logo = toBase64((await normaliseLogo(fs.readFileSync(path.join(import.meta.dirname, '../../tests/fixtures/style/logo.svg')))).png);
    const data = { ...exampleCanvas('nl'), style: { ...DEFAULT_STYLE, typeface: 'notoSerif' as const, primaryColor: '#0b6e4f', logo } };
    const pdf = await buildCanvasPdf(data, engine);
    const facts = await expectTagged(data, pdf.bytes);
    expect(find(facts.root!, 'Figure')).toEqual([]);
    const fonts = pdfTool('pdffonts', pdf.bytes);
    expect(fonts).toMatch(/NotoSerif-Bold\s.*yes\s+yes/);
    expect(fonts).toMatch(/NotoSerif-Regular\s.*yes\s+yes/);
    expect(fonts).not.toContain('Inter');
    expect(Buffer.from(pdf.bytes).toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
  });
});
