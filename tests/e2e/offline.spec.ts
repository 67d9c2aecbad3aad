import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { canvasExportSchema } from '../../shared/exportFormat';
import { openCanvas, personContext, useServerAndBrowser, zoneEditor, zoneText } from './fixtures';

const SAVED = 'Opgeslagen';
const OFFLINE = 'Offline: wijzigingen blijven op dit apparaat';

describe('nothing typed is lost offline: IndexedDB, the service worker and an honest status', () => {
  const world = useServerAndBrowser();

  const announced = (page: Page) => page.locator('[data-testid=save-announcer]').innerText();
  const statusText = (page: Page) => page.locator('[data-testid=connection-status]').innerText();
  /** The obstacles zone as the server's export has it. */
  const storedObstacles = async (id: string, token: string): Promise<string> => {
    const response = await fetch(`${world.server.url}/api/canvases/${id}/export`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return JSON.stringify(canvasExportSchema.parse(await response.json()).obstacles);
  };

  it('keeps offline edits through a reload while offline, merges both sides on reconnect and says so at each step', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const anna = await personContext(world.browser, 'Anna');
    const bram = await personContext(world.browser, 'Bram');
    const pageA = await openCanvas(anna, world.server, canvas.links.editor);
    const pageB = await openCanvas(bram, world.server, canvas.links.editor);

    // Bram's page is controlled by the service worker, its app shell cached.
    await expect.poll(() => pageB.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 10_000 }).toBe(true);

    await zoneEditor(pageA, 'obstacles').click();
    await pageA.keyboard.type('Eerste regel.');
    await expect.poll(() => zoneEditor(pageB, 'obstacles').innerText()).toContain('Eerste regel.');
    for (const page of [pageA, pageB]) await expect.poll(() => statusText(page)).toBe(SAVED);

    // Bram's Wi-Fi drops; both type in the same zone.
    await bram.setOffline(true);
    await expect.poll(() => statusText(pageB)).toBe(OFFLINE);
    // Screen readers hear the change once it has held for a moment.
    await expect.poll(() => announced(pageB), { timeout: 5000 }).toBe(OFFLINE);
    await zoneEditor(pageA, 'obstacles').click();
    await pageA.keyboard.press('Control+End');
    await pageA.keyboard.type(' Van Anna online.');
    await zoneEditor(pageB, 'obstacles').click();
    await pageB.keyboard.press('Control+End');
    await pageB.keyboard.type(' Van Bram offline.');
    await expect.poll(() => statusText(pageA)).toBe(SAVED);
    expect(await statusText(pageB)).toBe(OFFLINE);
    let stored = await storedObstacles(canvas.id, canvas.tokens.facilitator);
    expect(stored).toContain('Van Anna online.');
    expect(stored).not.toContain('Van Bram offline.');

    // IndexedDB writes each change as it is made; a reload in the same instant could cut the
    // last writes off (as closing a tab would). A person pauses: wait until the store is still.
    await waitForLocalStoreToSettle(pageB, canvas.id);

    // Leaving with changes the server does not have asks first.
    const dialogs: string[] = [];
    pageB.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    // Reloaded while still offline: the shell comes from the service worker, the text from IndexedDB.
    const response = await pageB.reload();
    expect(dialogs).toEqual(['beforeunload']);
    expect(response?.fromServiceWorker()).toBe(true);
    await pageB.locator('[data-testid=a4-page]').waitFor();
    await expect.poll(() => zoneEditor(pageB, 'obstacles').innerText()).toContain('Van Bram offline.');
    expect(await zoneEditor(pageB, 'obstacles').innerText()).toContain('Eerste regel.');
    await expect.poll(() => statusText(pageB)).toBe(OFFLINE);
    expect(await pageB.locator('[data-testid=offline-banner]').innerText()).toContain('blijven op dit apparaat');
    // A page that opens offline says so to screen readers too.
    await expect.poll(() => announced(pageB), { timeout: 5000 }).toBe(OFFLINE);
    stored = await storedObstacles(canvas.id, canvas.tokens.facilitator);
    expect(stored).not.toContain('Van Bram offline.');

    // Back online: both edits on both screens, stored, and the status says so.
    await bram.setOffline(false);
    await expect.poll(() => statusText(pageB), { timeout: 15_000 }).toBe(SAVED);
    await expect.poll(() => announced(pageB), { timeout: 5000 }).toBe(SAVED);
    for (const page of [pageA, pageB]) {
      await expect.poll(() => zoneEditor(page, 'obstacles').innerText()).toContain('Van Bram offline.');
      expect(await zoneEditor(page, 'obstacles').innerText()).toContain('Van Anna online.');
    }
    expect(await zoneText(pageB, 'obstacles')).toBe(await zoneText(pageA, 'obstacles'));
    expect(await statusText(pageA)).toBe(SAVED);
    stored = await storedObstacles(canvas.id, canvas.tokens.facilitator);
    expect(stored).toContain('Van Anna online.');
    expect(stored).toContain('Van Bram offline.');

    // Stored means nothing left to ask about: leaving goes without a question.
    await pageB.goto('about:blank');
    expect(dialogs).toEqual(['beforeunload']);
    await anna.close();
    await bram.close();
  });
});

/** Waits until the canvas's IndexedDB store (y-indexeddb's `updates`) holds the same number of rows twice, 300 ms apart. */
async function waitForLocalStoreToSettle(page: Page, id: string): Promise<void> {
  const count = () =>
    page.evaluate(
      (name) =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const request = db.transaction('updates').objectStore('updates').count();
            request.onsuccess = () => {
              db.close();
              resolve(request.result);
            };
            request.onerror = () => reject(request.error);
          };
        }),
      `stip-canvas-${id}`,
    );
  let last = -1;
  for (let i = 0; i < 20; i++) {
    const now = await count();
    if (now > 0 && now === last) return;
    last = now;
    await page.waitForTimeout(300);
  }
  throw new Error('the local store kept changing');
}
