import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { zoneFragment } from '../../shared/docLayout';
import { canvasSchema } from '../../shared/editorSchema';
import { isAllowedHref } from '../../shared/linkHref';
import { openCanvas, personContext, useServerAndBrowser, zoneEditor } from './fixtures';

const HOSTILE_HTML =
  '<p>Hallo <script>window.__pwned = "script"</script><img src="x" onerror="window.__pwned = \'img\'">' +
  '<a href="javascript:window.__pwned=\'link\'">klik</a> en <a href="https://stip.example.org/plan">veilig</a></p>' +
  '<iframe src="javascript:window.__pwned=\'iframe\'"></iframe><h1 onclick="window.__pwned=\'h1\'">Kop</h1>' +
  '<svg><script>window.__pwned="svg"</script></svg><p style="background:url(javascript:1)">Slot</p>';
const HOSTILE_NAME = '<img src=x onerror=window.__pwned=1>';

/** Every element name and link target in a Y.XmlFragment, as stored. */
function yInventory(fragment: Y.XmlFragment | Y.XmlElement, found = { elements: [] as string[], hrefs: [] as string[], attrs: [] as string[] }) {
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlElement) {
      found.elements.push(child.nodeName);
      found.attrs.push(...Object.keys(child.getAttributes()));
      yInventory(child, found);
    } else if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { attributes?: { link?: { href?: string } } }[]) {
        if (op.attributes?.link) found.hrefs.push(String(op.attributes.link.href));
      }
    }
  }
  return found;
}

/** Whether anything ran: the flag, a dialog, and markup that could still run. */
async function executed(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as { __pwned?: unknown }).__pwned);
}

/** Markup that could run: anywhere on the page, plus any SVG inside the zones (icons live outside). */
async function dangerousDom(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      // ProseMirror's own empty <img class="ProseMirror-separator"> keeps a caret widget at a line end.
      if (tag === 'img' && el.classList.contains('ProseMirror-separator') && el.attributes.length === 2) continue;
      if (['script', 'img', 'iframe', 'object', 'embed'].includes(tag)) found.push(`${tag}: ${el.outerHTML.slice(0, 200)} in ${el.parentElement?.outerHTML.slice(0, 200)}`);
      if (tag === 'svg' && el.closest('.zone-editor, [data-testid=presence], .collaboration-carets__caret')) found.push('svg in content');
      for (const attr of el.getAttributeNames()) if (/^on/i.test(attr)) found.push(`${tag}[${attr}]`);
      const href = el.getAttribute('href');
      if (href && /^\s*javascript:/i.test(href)) found.push(`${tag}[href=${href}]`);
    }
    return found;
  });
}

describe('hostile content in the browser', () => {
  const world = useServerAndBrowser();

  it('pasted HTML with script, onerror and javascript: links ends up as plain content', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const context = await personContext(world.browser, 'Plakker');
    const page = await openCanvas(context, world.server, canvas.links.editor);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    const editor = zoneEditor(page, 'horizon');
    await editor.click();
    await editor.evaluate((el, html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'Hallo klik en veilig Kop Slot');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, HOSTILE_HTML);
    await expect.poll(() => editor.innerText(), { timeout: 5000 }).toContain('Slot');
    const shown = await editor.innerText();
    for (const word of ['Hallo', 'klik', 'veilig', 'Kop', 'Slot']) expect(shown).toContain(word);
    await page.waitForTimeout(300);

    expect(await dangerousDom(page)).toEqual([]);
    expect(await editor.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['https://stip.example.org/plan']);
    expect(await executed(page)).toBeUndefined();
    expect(dialogs).toEqual([]);

    // What reached the shared document, as the server holds it.
    const fragment = zoneFragment(world.server.rooms.get(canvas.id)!.doc, 'horizon');
    await expect.poll(() => fragment.toString(), { timeout: 5000 }).toContain('Slot');
    const stored = yInventory(fragment);
    const allowed = new Set(Object.keys(canvasSchema().nodes));
    expect(stored.elements.filter((name) => !allowed.has(name))).toEqual([]);
    expect(stored.attrs.filter((name) => /^on|^src$|^style$/i.test(name))).toEqual([]);
    expect(stored.hrefs).toEqual(['https://stip.example.org/plan']);
    expect(stored.hrefs.every(isAllowedHref)).toBe(true);
    await context.close();
  });

  it('shows a display name and a title full of markup as text, and runs none of it', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const evil = await personContext(world.browser, HOSTILE_NAME);
    const other = await personContext(world.browser, 'Kijker');
    const evilPage = await openCanvas(evil, world.server, canvas.links.editor);
    const otherPage = await openCanvas(other, world.server, canvas.links.editor);

    const title = evilPage.locator('[data-testid=canvas-title]');
    await title.click();
    await title.fill(HOSTILE_NAME);
    await zoneEditor(evilPage, 'obstacles').click();
    await evilPage.keyboard.type('Hier staat mijn caret');

    // The other person sees the name on the caret and in the presence list, the title, as text.
    await expect.poll(() => otherPage.locator('[data-testid=canvas-title]').inputValue(), { timeout: 5000 }).toBe(HOSTILE_NAME);
    const label = otherPage.locator('[data-zone=obstacles] .collaboration-carets__label');
    await expect.poll(() => label.count(), { timeout: 5000 }).toBeGreaterThan(0);
    expect(await label.first().textContent()).toBe(HOSTILE_NAME);
    await expect.poll(() => otherPage.locator('[data-testid=presence] li').count(), { timeout: 5000 }).toBe(2);
    const presenceNames = await otherPage.locator('[data-testid=presence] [aria-label]').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
    expect(presenceNames.some((n) => n?.includes(HOSTILE_NAME))).toBe(true);
    await expect.poll(() => otherPage.title()).toContain(HOSTILE_NAME);
    await otherPage.waitForTimeout(300);

    for (const page of [evilPage, otherPage]) {
      expect(await dangerousDom(page)).toEqual([]);
      expect(await executed(page)).toBeUndefined();
    }
    await evil.close();
    await other.close();
  });
});
