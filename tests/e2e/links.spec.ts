import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { twoEditors, useServerAndBrowser, zoneEditor } from './fixtures';

const SAFE = { rel: 'noopener noreferrer nofollow', target: '_blank' };

/** Every link in a zone as shown: its text (without other people's carets), href, rel and target. */
function linksIn(editor: Locator) {
  return editor.locator('a').evaluateAll((links) =>
    links.map((a) => {
      const copy = a.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return { text: copy.textContent, href: a.getAttribute('href'), rel: a.getAttribute('rel'), target: a.getAttribute('target') };
    }),
  );
}

/** Pastes plain text at the caret or over the selection, as Ctrl+V from another program does. */
async function pastePlainText(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.evaluate((el, value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await page.waitForTimeout(50);
}

/** The text the editor itself has selected (tiptap keeps the editor on its element). */
function selectedText(editor: Locator) {
  return editor.evaluate((el) => {
    const { state } = (el as unknown as { editor: { state: { doc: { textBetween(a: number, b: number): string }; selection: { from: number; to: number } } } }).editor;
    return state.doc.textBetween(state.selection.from, state.selection.to);
  });
}

/** Selects the `text` just before the caret with Shift+ArrowLeft, once the editor holds it. */
async function selectBack(page: Page, editor: Locator, text: string): Promise<void> {
  await expect.poll(() => editor.innerText()).toContain(text);
  for (let i = 0; i < text.length; i++) await page.keyboard.press('Shift+ArrowLeft');
  // The editor takes the browser's selection on selectionchange, a moment later; a synthetic
  // paste (unlike Ctrl+V, whose keydown flushes it) would act on the old one.
  await expect.poll(() => selectedText(editor)).toBe(text);
}

describe('links in a zone', () => {
  const world = useServerAndBrowser();

  it('a URL typed and ended by a space or Enter becomes a link, for the other participant too', async () => {
    const { pageA, pageB, close } = await twoEditors(world);
    const editorA = zoneEditor(pageA, 'obstacles');

    await editorA.click();
    await pageA.keyboard.type('Zie www.example.nl of https://gemeente.nl/afval, score 1.5 in v2.0 e.g. ', { delay: 5 });
    await pageA.keyboard.type('mail team@gemeente.nl');
    await pageA.keyboard.press('Enter');
    await pageA.keyboard.type('Tot dan');
    const expected = [
      { text: 'www.example.nl', href: 'https://www.example.nl', ...SAFE },
      { text: 'https://gemeente.nl/afval', href: 'https://gemeente.nl/afval', ...SAFE },
      { text: 'team@gemeente.nl', href: 'mailto:team@gemeente.nl', ...SAFE },
    ];
    expect(await linksIn(editorA)).toEqual(expected);
    await expect.poll(() => linksIn(zoneEditor(pageB, 'obstacles')), { timeout: 5000 }).toEqual(expected);

    // Backspace right after an autolink takes the link back off and keeps what was typed.
    await pageA.keyboard.press('Enter');
    await pageA.keyboard.type('niet als link: stip.nl ');
    expect((await linksIn(editorA)).map((link) => link.text)).toContain('stip.nl');
    await pageA.keyboard.press('Backspace');
    expect((await linksIn(editorA)).map((link) => link.text)).not.toContain('stip.nl');
    expect(await editorA.innerText()).toContain('niet als link: stip.nl');
    await close();
  });

  it('a pasted URL becomes a link, and a URL pasted over selected text links that text', async () => {
    const { canvas, anna, pageA, pageB, close } = await twoEditors(world);
    const editorA = zoneEditor(pageA, 'horizon');

    await editorA.click();
    await pageA.keyboard.type('Plan: ');
    await pastePlainText(pageA, editorA, 'https://stip.example.org/plan');
    // A space ends the pasted link: the sentence after it is no part of it.
    await pageA.keyboard.type(' en de uitleg staat hier');
    await selectBack(pageA, editorA, 'hier');
    await pastePlainText(pageA, editorA, 'https://stip.example.org/uitleg');
    const expected = [
      { text: 'https://stip.example.org/plan', href: 'https://stip.example.org/plan', ...SAFE },
      { text: 'hier', href: 'https://stip.example.org/uitleg', ...SAFE },
    ];
    expect(await linksIn(editorA)).toEqual(expected);
    expect(await editorA.innerText()).toBe('Plan: https://stip.example.org/plan en de uitleg staat hier');
    await expect.poll(() => linksIn(zoneEditor(pageB, 'horizon')), { timeout: 5000 }).toEqual(expected);

    // Pasted text that is no allowed URL stays text, over a selection too.
    await pageA.keyboard.press('End');
    await pageA.keyboard.type(' zie');
    await selectBack(pageA, editorA, 'zie');
    await pastePlainText(pageA, editorA, 'javascript:alert(1)');
    expect(await linksIn(editorA)).toEqual(expected);
    expect(await editorA.innerText()).toContain('hier javascript:alert(1)');

    // Clicking a link while editing places the caret; nothing opens.
    const pagesBefore = anna.pages().length;
    await editorA.locator('a').first().click();
    await pageA.waitForTimeout(300);
    expect(anna.pages().length).toBe(pagesBefore);
    expect(new URL(pageA.url()).pathname).toBe(`/c/${canvas.id}`);
    await close();
  });
});
