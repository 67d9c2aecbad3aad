import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { canvasExportSchema, type RichNode } from '../../shared/exportFormat';
import { exportText } from '../helpers/pdfText';
import { openCanvas, personContext, useServerAndBrowser, zoneEditor, zoneText } from './fixtures';

const SAVED = 'Opgeslagen';
const OFFLINE = 'Offline: wijzigingen blijven op dit apparaat';
const REFUSED_LOCKED = 'De canvas was vergrendeld; je wijziging is niet bewaard.';
const LOCKED_READ_ONLY = 'Vergrendeld door de facilitator: alleen lezen';
const CANNOT_STORE = 'De server kan nu niet opslaan; wat je typt blijft op dit apparaat.';
const NOT_STORED_BADGE = 'Niet opgeslagen: blijft op dit apparaat';

type Zone = 'horizon' | 'obstacles' | 'actions';

const badge = (page: Page) => page.locator('[data-testid=connection-status]');

/** The texts of a zone's paragraphs as shown, without the name labels of other people's carets. */
function shownParagraphs(page: Page, zone: Zone): Promise<string[]> {
  return zoneEditor(page, zone).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return [...copy.querySelectorAll('p')].map((p) => (p.textContent ?? '').trim()).filter(Boolean);
  });
}

/** The non-empty paragraphs of a zone document, each as its text. */
function paragraphsOf(nodes: RichNode[] | undefined): string[] {
  const textOf = (node: RichNode): string => node.text ?? (node.content ?? []).map(textOf).join('');
  const out: string[] = [];
  const walk = (node: RichNode) => {
    if (node.type === 'paragraph') out.push(textOf(node).trim());
    else (node.content ?? []).forEach(walk);
  };
  (nodes ?? []).forEach(walk);
  return out.filter(Boolean);
}

/** Runs `body`; on failure keeps a screenshot of `page` in the OS temp dir and says where. */
async function screenshotOnFailure(page: Page, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const file = `/tmp/stip-syncIntegrity-${name}-${Date.now()}.png`;
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`screenshot of the failing page: ${file}`);
    throw error;
  }
}

describe('sync integrity: large pastes arrive whole, and a refused change is told and taken back', () => {
  const world = useServerAndBrowser();

  const exported = async (id: string, token: string) => {
    const response = await fetch(`${world.server.url}/api/canvases/${id}/export`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return canvasExportSchema.parse(await response.json());
  };
  const setLocked = async (id: string, token: string, locked: boolean) => {
    const response = await fetch(`${world.server.url}/api/canvases/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ locked }),
    });
    expect(response.status).toBe(200);
  };

  it('pastes 60 paragraphs into the obstacles zone, and a second page shows them all while the badge reaches Opgeslagen', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const anna = await personContext(world.browser, 'Anna');
    const mirjam = await personContext(world.browser, 'Mirjam');
    const pageA = await openCanvas(anna, world.server, canvas.links.editor);
    const pageB = await openCanvas(mirjam, world.server, canvas.links.viewer);
    const lines = Array.from({ length: 60 }, (_, i) => `Regel ${i + 1}: obstakel nummer ${i + 1} van 60`);

    await screenshotOnFailure(pageA, 'paste', async () => {
      const editorA = zoneEditor(pageA, 'obstacles');
      await editorA.click();
      await expect.poll(() => editorA.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      // A paste from a word processor: HTML paragraphs, with the plain text beside them.
      await editorA.evaluate((el, pasted) => {
        const data = new DataTransfer();
        data.setData('text/plain', pasted.join('\n'));
        data.setData('text/html', `<meta charset="utf-8">${pasted.map((line) => `<p>${line}</p>`).join('')}`);
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, lines);
      // The paste went into the editor here (not merely dispatched).
      await expect.poll(() => shownParagraphs(pageA, 'obstacles'), { timeout: 5000 }).toEqual(lines);

      // The server stored it all and confirmed it: not stuck on "Opslaan…".
      await expect.poll(() => badge(pageA).innerText(), { timeout: 10_000 }).toBe(SAVED);
      expect(await badge(pageA).getAttribute('data-save')).toBe('saved');
    });

    // The viewer sees all 60 lines, in order, each once.
    await screenshotOnFailure(pageB, 'paste-viewer', async () => {
      await expect.poll(() => shownParagraphs(pageB, 'obstacles'), { timeout: 10_000 }).toEqual(lines);
    });

    // And so does the server's export.
    const stored = await exported(canvas.id, canvas.tokens.viewer);
    expect(paragraphsOf(stored.obstacles?.content)).toEqual(lines);
    await anna.close();
    await mirjam.close();
  });

  it('tells an editor who typed offline while the canvas was locked, takes the text back, and keeps the editor working after the unlock', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const piet = await personContext(world.browser, 'Piet');
    const page = await openCanvas(piet, world.server, canvas.links.editor);
    const editor = zoneEditor(page, 'horizon');
    const banner = page.locator('[data-testid=refused-banner]');
    const readOnlyBadge = page.locator('[data-testid=read-only-badge]');
    const serverText = async () => exportText(await exported(canvas.id, canvas.tokens.facilitator));
    const BEFORE = 'Voor het slot.';
    const OFFLINE_MARKER = 'OFFLINE-TIJDENS-SLOT';
    const AFTER_MARKER = 'NA-ONTGRENDELING';

    await screenshotOnFailure(page, 'refused', async () => {
      // Something stored first: what was stored before the lock stays.
      await editor.click();
      await page.keyboard.type(BEFORE);
      await expect.poll(() => badge(page).innerText(), { timeout: 10_000 }).toBe(SAVED);
      expect(await serverText()).toContain(BEFORE);

      // The Wi-Fi drops; the editor goes on typing, unaware of the lock to come.
      await piet.setOffline(true);
      await expect.poll(() => badge(page).innerText()).toBe(OFFLINE);
      await editor.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(` ${OFFLINE_MARKER}`);
      await expect.poll(() => zoneText(page, 'horizon')).toContain(OFFLINE_MARKER);

      // Meanwhile the facilitator locks the canvas.
      await setLocked(canvas.id, canvas.tokens.facilitator, true);
      expect(await banner.innerText()).toBe('');
      expect(await serverText()).not.toContain(OFFLINE_MARKER);

      // Back online: the change is taken back, and the page says why, in Dutch.
      await piet.setOffline(false);
      await expect.poll(() => banner.innerText(), { timeout: 10_000 }).toBe(REFUSED_LOCKED);
      expect(await banner.getAttribute('role')).toBe('status');
      await expect.poll(() => zoneText(page, 'horizon'), { timeout: 5000 }).not.toContain(OFFLINE_MARKER);
      expect(await page.locator('body').innerText()).not.toContain(OFFLINE_MARKER);
      expect(await zoneText(page, 'horizon')).toContain(BEFORE);
      expect(await readOnlyBadge.innerText()).toBe(LOCKED_READ_ONLY);
      if (process.env.STIP_SCREENSHOTS) await page.screenshot({ path: `${process.env.STIP_SCREENSHOTS}/refused-locked.png` });
      const stored = await serverText();
      expect(stored).toContain(BEFORE);
      expect(stored).not.toContain(OFFLINE_MARKER);
      // Read-only, the badge tells the connection only: connected, not hanging on "Opslaan…".
      await expect.poll(() => badge(page).getAttribute('data-save'), { timeout: 5000 }).toBe('connected');

      // Unlocked: editable again, and the refused change counts as stored (taken back and
      // stored with it), so the badge reaches "Opgeslagen" before anything new is typed.
      await setLocked(canvas.id, canvas.tokens.facilitator, false);
      await readOnlyBadge.waitFor({ state: 'detached', timeout: 5000 });
      await expect.poll(() => editor.getAttribute('contenteditable')).toBe('true');
      await expect.poll(() => badge(page).innerText(), { timeout: 5000 }).toBe(SAVED);

      // The next edit arrives as usual, within 5 s.
      await editor.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(` ${AFTER_MARKER}`);
      await expect.poll(() => serverText(), { timeout: 5000, interval: 200 }).toContain(AFTER_MARKER);
      await expect.poll(() => badge(page).innerText(), { timeout: 5000 }).toBe(SAVED);
      const final = await serverText();
      expect(final).toContain(BEFORE);
      expect(final).not.toContain(OFFLINE_MARKER);
      expect(await zoneText(page, 'horizon')).not.toContain(OFFLINE_MARKER);
    });
    await piet.close();
  });

  it('keeps an editor connected and told while the disk is full, never says Opgeslagen meanwhile, and stores everything once there is space', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const sanne = await personContext(world.browser, 'Sanne');
    const karel = await personContext(world.browser, 'Karel');
    const page = await openCanvas(sanne, world.server, canvas.links.editor);
    const other = await openCanvas(karel, world.server, canvas.links.viewer);
    const editor = zoneEditor(page, 'horizon');
    const banner = page.locator('[data-testid=storage-banner]');
    const serverText = async () => exportText(await exported(canvas.id, canvas.tokens.facilitator));
    const FULL = 'Getypt terwijl de schijf vol was.';

    await screenshotOnFailure(page, 'full-disk', async () => {
      await editor.click();
      await page.keyboard.type('Eerst. ');
      await expect.poll(() => badge(page).innerText(), { timeout: 10_000 }).toBe(SAVED);

      // The SQLite file may not grow by one page: every commit fails as on a full disk.
      world.server.sqlite.setPageLimit(world.server.sqlite.pageCount());
      try {
        await page.keyboard.type(FULL.repeat(20));
        await expect.poll(() => banner.innerText(), { timeout: 10_000 }).toBe(CANNOT_STORE);
        await expect.poll(() => badge(page).innerText(), { timeout: 5000 }).toBe(NOT_STORED_BADGE);
        if (process.env.STIP_SCREENSHOTS) await page.screenshot({ path: `${process.env.STIP_SCREENSHOTS}/full-disk.png` });
        // Still connected (not "Verbinden…"). The other screen has what was stored before the
        // file needed a page more (a few letters may fit in the last page), not the rest.
        expect(await badge(page).getAttribute('data-status')).toBe('connected');
        expect(await zoneText(other, 'horizon')).not.toContain(FULL.repeat(20));
        await page.keyboard.type(' Nog meer.');
      } finally {
        world.server.sqlite.setPageLimit(null);
      }

      // Space again: everything arrives, the badge says so, the banner goes.
      await expect.poll(() => badge(page).innerText(), { timeout: 15_000 }).toBe(SAVED);
      await expect.poll(() => banner.innerText()).toBe('');
      expect(await serverText()).toContain(`${FULL.repeat(20)} Nog meer.`);
      await expect.poll(() => zoneText(other, 'horizon'), { timeout: 5000 }).toContain('Nog meer.');
    });
    await sanne.close();
    await karel.close();
  });
});