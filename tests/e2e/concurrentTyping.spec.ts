import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { zoneFragment } from '../../shared/docLayout';
import type { CanvasExport, RichNode } from '../../shared/exportFormat';
import { connectClient } from '../helpers/collabClient';
import { openCanvas, personContext, twoEditors, useServerAndBrowser, zoneEditor, zoneText } from './fixtures';

/** People typing at once (issue #21 had eight; with four it did not happen). */
const PEOPLE = 6;
/** Each page's CPU runs this many times slower (DevTools), so the machine is as slow on every run. */
const THROTTLE = 2;
/** The zone everyone types a word at the end of, at once. */
const ZONE = 'horizon';

/** What each person types (their first and only word: x0). */
const word = (person: number) => ` Woord${person}x0`;

/** The zone's text on a page, as it is (no trimming), without the name labels of other people's carets. */
function pageText(page: Page): Promise<string> {
  return zoneEditor(page, ZONE).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return copy.textContent ?? '';
  });
}

/** The zone's text in a Y.Doc (the paragraphs' text one after another, as on the page). */
function docText(doc: Y.Doc): string {
  const walk = (type: Y.XmlElement | Y.XmlText | Y.XmlHook): string => {
    if (type instanceof Y.XmlText) return type.toDelta().map((part: { insert: unknown }) => (typeof part.insert === 'string' ? part.insert : '')).join('');
    return type instanceof Y.XmlElement ? type.toArray().map(walk).join('') : '';
  };
  return zoneFragment(doc, ZONE).toArray().map(walk).join('');
}

/** The zone's text in the server's export. */
function exportedText(canvas: CanvasExport): string {
  const walk = (node: RichNode): string => node.text ?? (node.content ?? []).map(walk).join('');
  return (canvas[ZONE].content ?? []).map(walk).join('');
}

/**
 * What is wrong with a zone's text after everyone typed a word at its end, or null.
 *
 * The text from before must come first, untouched, and then only the words. A word may hold
 * other whole words: when two people type after the same letter at the same moment, neither
 * seeing the other's letter yet, any merge has to put one of the two letters first, and from
 * there each person's letters follow their own. So the words are taken out whole, innermost
 * first; what remains must be nothing. A letter lost, added, moved or typed elsewhere fails.
 */
function problem(before: string, text: string, words: string[]): string | null {
  if (!text.startsWith(before)) return `the text from before changed: ${JSON.stringify(text)}`;
  let rest = text.slice(before.length);
  const typed = rest;
  const left = new Set(words);
  for (let found = true; found; ) {
    found = false;
    for (const w of left) {
      if (!rest.includes(w)) continue;
      rest = rest.replace(w, '');
      left.delete(w);
      found = true;
    }
  }
  if (left.size === 0 && rest === '') return null;
  return `typed at the end: ${JSON.stringify(typed)}; not whole: ${[...left].join(',') || '(none)'}; left over: ${JSON.stringify(rest)}`;
}

describe('typing at the same place as others', () => {
  const world = useServerAndBrowser();

  // One retry: in each of three full CI runs of 2026-12-01 this failed once (never alone), with
  // a person's first letter behind the rest of their word ("oord4x0W"). That is what a remote
  // change applied over typing ProseMirror has not read yet does (the last test here); since
  // readTypingFirst it cannot. The retry stays until full CI runs confirm it; twice in a row
  // still fails the run.
  it(`keeps every letter of every word, in order, on every page and on the server, with ${PEOPLE} people typing at the end of the same zone at once on slow CPUs`, { retry: 1 }, async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const contexts: BrowserContext[] = [];
    const reader = connectClient(world.server.url, canvas.id, canvas.tokens.viewer);
    try {
      const names = Array.from({ length: PEOPLE }, (_, person) => `Deelnemer ${person}`);
      const pages = await Promise.all(
        names.map(async (name) => {
          const context = await personContext(world.browser, name);
          contexts.push(context);
          return openCanvas(context, world.server, canvas.links.editor);
        }),
      );
      // The projector watches (and draws everyone's carets), as in the workshop.
      const projectorContext = await personContext(world.browser, null);
      contexts.push(projectorContext);
      const projector = await projectorContext.newPage();
      const present = new URL(canvas.links.present);
      await projector.goto(`${world.server.url}${present.pathname}${present.hash}`);
      await projector.locator('[data-testid=present][data-status=connected]').waitFor();
      const before = await pageText(pages[0]!);
      for (const page of pages) {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
      }

      await Promise.all(
        pages.map(async (page, person) => {
          await zoneEditor(page, ZONE).click();
          await page.keyboard.press('Control+End');
          await page.keyboard.type(word(person), { delay: 15 });
        }),
      );

      // The server's document, read by a client of its own once every letter has arrived.
      const words = pages.map((_, person) => word(person));
      const letters = before.length + words.join('').length;
      await expect.poll(() => docText(reader.doc).length, { timeout: 15_000, message: 'letters on the server' }).toBe(letters);
      const text = docText(reader.doc);
      expect(problem(before, text, words), 'the zone on the server').toBeNull();
      const response = await fetch(`${world.server.url}/api/canvases/${canvas.id}/export`, { headers: { authorization: `Bearer ${canvas.tokens.viewer}` } });
      expect(exportedText((await response.json()) as CanvasExport), 'the zone in the export').toBe(text);
      for (const [index, page] of [...pages, projector].entries()) {
        await expect.poll(() => pageText(page), { timeout: 15_000, message: `the zone on ${names[index] ?? 'the projector'}’s page` }).toBe(text);
      }
    } finally {
      reader.destroy();
      for (const context of contexts) await context.close();
    }
  });

  it('a caret put right after someone else’s letters moves on with their typing, so the two words do not mix', async () => {
    const { pageA: anna, pageB: bram, close } = await twoEditors(world);
    await zoneEditor(anna, 'horizon').click();
    await anna.keyboard.type('Vandaag ', { delay: 10 });
    await expect.poll(() => zoneText(bram, 'horizon')).toBe('Vandaag');
    // Bram goes to the end, right after Anna's letters, and Anna types on...
    await zoneEditor(bram, 'horizon').click();
    await bram.keyboard.press('Control+End');
    await anna.keyboard.type('morg', { delay: 10 });
    await expect.poll(() => zoneText(bram, 'horizon')).toBe('Vandaag morg');
    // ...and starts his own once her letters have reached him: his go after hers.
    await bram.keyboard.type(' Bram', { delay: 10 });
    await expect.poll(() => zoneText(anna, 'horizon')).toBe('Vandaag morg Bram');
    await anna.keyboard.type('en', { delay: 10 });
    for (const page of [anna, bram]) await expect.poll(() => zoneText(page, 'horizon')).toBe('Vandaag morgen Bram');
    await close();
  });

  it('a caret stays after its own letters when a client without an editor writes the same text before them', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const context = await personContext(world.browser, 'Anna');
    const other = connectClient(world.server.url, canvas.id, canvas.tokens.editor);
    try {
      const page = await openCanvas(context, world.server, canvas.links.editor);
      await zoneEditor(page, 'horizon').click();
      await page.keyboard.type('Ja', { delay: 10 });
      await other.synced;
      await expect.poll(() => docText(other.doc)).toBe('Ja');
      // A Yjs client without an editor (an editor link allows one) puts "Ja" before Anna's.
      const paragraph = zoneFragment(other.doc, 'horizon').get(0) as Y.XmlElement;
      (paragraph.get(0) as Y.XmlText).insert(0, 'Ja');
      await expect.poll(() => zoneText(page, 'horizon')).toBe('JaJa');
      await page.keyboard.type('!', { delay: 10 });
      await expect.poll(() => docText(other.doc)).toBe('JaJa!');
    } finally {
      other.destroy();
      await context.close();
    }
  });
  it('typing the page has not read yet is read before a remote change is applied, so no letter is lost or left behind', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const context = await personContext(world.browser, 'Anna');
    const reader = connectClient(world.server.url, canvas.id, canvas.tokens.viewer);
    try {
      const page = await openCanvas(context, world.server, canvas.links.editor);
      await zoneEditor(page, ZONE).click();
      await page.keyboard.type('Vandaag ', { delay: 10 });
      await reader.synced;
      await expect.poll(() => docText(reader.doc)).toBe('Vandaag ');
      // Someone else's "X" before Anna's text, as a y-websocket sync message (0: sync, 2: update).
      const theirs = new Y.Doc();
      Y.applyUpdate(theirs, Y.encodeStateAsUpdate(reader.doc));
      const seen = Y.encodeStateVector(theirs);
      ((zoneFragment(theirs, ZONE).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'X');
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, 0);
      encoding.writeVarUint(message, 2);
      encoding.writeVarUint8Array(message, Y.encodeStateAsUpdate(theirs, seen));
      const bytes = [...encoding.toUint8Array(message)];
      const channel = `${world.server.url.replace(/^http/, 'ws')}/collab/${canvas.id}`;
      // Anna types "W". Before ProseMirror reads it, a view update puts the change aside (the
      // DOM observer's stop(), as any redraw does), and the change arrives from another tab
      // of hers meanwhile (a BroadcastChannel message, handled like one from the server).
      await zoneEditor(page, ZONE).evaluate((element, { channel, bytes }) => {
        const view = (element as HTMLElement & { editor: { view: { domObserver: { stop(): void; start(): void } } } }).editor.view;
        new BroadcastChannel(channel).postMessage(new Uint8Array(bytes));
        document.execCommand('insertText', false, 'W');
        view.domObserver.stop();
        view.domObserver.start();
      }, { channel, bytes });
      await page.keyboard.type('oord', { delay: 10 });
      await expect.poll(() => zoneText(page, ZONE)).toBe('XVandaag Woord');
    } finally {
      reader.destroy();
      await context.close();
    }
  });
});
