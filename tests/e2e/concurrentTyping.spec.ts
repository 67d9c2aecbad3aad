import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { zoneFragment } from '../../shared/docLayout';
import type { CanvasExport, RichNode } from '../../shared/exportFormat';
import { connectClient } from '../helpers/collabClient';
import { openCanvas, personContext, twoEditors, useServerAndBrowser, zoneEditor, zoneText } from './fixtures';

/** People typing at once (issue #21 had eight; with four it did not happen). */
const PEOPLE = 6;
/** Each page's CPU runs this many times slower (DevTools), so the machine is as slow on every run. */
const THROTTLE = 2;
/** Everyone types one word in each of these zones, in this order: all at the end of the same zone at once. */
const ZONES = ['horizon', 'obstacles'] as const;
type ZoneName = (typeof ZONES)[number];

const word = (person: number, round: number) => ` Woord${person}x${round}`;

/** A zone's text on a page, as it is (no trimming), without the name labels of other people's carets. */
function pageText(page: Page, zone: ZoneName): Promise<string> {
  return zoneEditor(page, zone).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return copy.textContent ?? '';
  });
}

/** A zone's text in a Y.Doc (the paragraphs' text one after another, as on the page). */
function docText(doc: Y.Doc, zone: ZoneName): string {
  const walk = (type: Y.XmlElement | Y.XmlText | Y.XmlHook): string =>
    type instanceof Y.XmlText ? type.toDelta().map((part: { insert: unknown }) => (typeof part.insert === 'string' ? part.insert : '')).join('') : type instanceof Y.XmlElement ? type.toArray().map(walk).join('') : '';
  return zoneFragment(doc, zone).toArray().map(walk).join('');
}

/** A zone's text in the server's export. */
function exportedText(canvas: CanvasExport, zone: ZoneName): string {
  const walk = (node: RichNode): string => node.text ?? (node.content ?? []).map(walk).join('');
  return (canvas[zone].content ?? []).map(walk).join('');
}

/**
 * What is wrong with a zone's text after everyone typed a word at its end, or null.
 *
 * The text from before must come first, untouched, and then only the words. A word may hold
 * other whole words: when two people type after the same letter at the same moment, neither
 * seeing the other's letter yet, one letter has to go first, and from there each person's
 * letters follow their own (every editor on Yjs does this, and so would any other). So the
 * words are taken out whole, innermost first; what remains must be nothing.
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

  it(`keeps every letter of every word, in order, on every page and on the server, with ${PEOPLE} people typing at the end of the same zone at once on slow CPUs`, async () => {
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
      const before = new Map<ZoneName, string>();
      for (const zone of ZONES) before.set(zone, await pageText(pages[0]!, zone));
      for (const page of pages) {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
      }

      await Promise.all(
        pages.map(async (page, person) => {
          for (const [round, zone] of ZONES.entries()) {
            await zoneEditor(page, zone).click();
            await page.keyboard.press('Control+End');
            await page.keyboard.type(word(person, round), { delay: 15 });
          }
        }),
      );

      // The server's document, read by a client of its own once every letter has arrived.
      await reader.synced;
      for (const [round, zone] of ZONES.entries()) {
        const length = before.get(zone)!.length + PEOPLE * word(0, round).length;
        await expect.poll(() => docText(reader.doc, zone).length, { timeout: 15_000, message: `letters in ${zone} on the server` }).toBe(length);
      }
      const response = await fetch(`${world.server.url}/api/canvases/${canvas.id}/export`, { headers: { authorization: `Bearer ${canvas.tokens.viewer}` } });
      const exported = (await response.json()) as CanvasExport;
      for (const [round, zone] of ZONES.entries()) {
        const text = docText(reader.doc, zone);
        const words = pages.map((_, person) => word(person, round));
        expect(problem(before.get(zone)!, text, words), `${zone} on the server`).toBeNull();
        expect(exportedText(exported, zone), `${zone} in the export`).toBe(text);
        for (const [index, page] of [...pages, projector].entries()) {
          await expect.poll(() => pageText(page, zone), { timeout: 15_000, message: `${zone} on ${names[index] ?? 'the projector'}’s page` }).toBe(text);
        }
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
    // Bram goes to the end while Anna is in the middle of her word...
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
});
