import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { exportText } from '../helpers/pdfText';
import { startTestServer } from '../helpers/testServer';
import { openCanvas, personContext, useServerAndBrowser, zoneEditor } from './fixtures';

async function chooseFromMenu(page: Page, entry: string): Promise<void> {
  await page.locator('[data-testid=canvas-menu]').click();
  await page.locator(`[data-testid=${entry}]`).click();
}

describe('lock, share, duplicate, delete and import in the browser', () => {
  const world = useServerAndBrowser();
  /** Every text of the canvas as the server has it (its export), as one string. */
  const serverText = async (id: string, token: string) =>
    exportText(await (await fetch(`${world.server.url}/api/canvases/${id}/export`, { headers: { authorization: `Bearer ${token}` } })).json());

  it('locks: within a second an editor page is read-only and says the facilitator locked it; what they type never reaches the server', async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const fenna = await personContext(world.browser, 'Fenna');
    const piet = await personContext(world.browser, 'Piet');
    const facilitator = await openCanvas(fenna, world.server, canvas.links.facilitator);
    const editor = await openCanvas(piet, world.server, canvas.links.editor);
    await zoneEditor(editor, 'obstacles').click();
    await editor.keyboard.type('Voor het slot ');
    await expect.poll(() => serverText(canvas.id, canvas.tokens.viewer)).toContain('Voor het slot');

    const started = Date.now();
    await chooseFromMenu(facilitator, 'menu-lock');
    const badge = editor.locator('[data-testid=read-only-badge]');
    await badge.waitFor({ timeout: 1500 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await badge.innerText()).toBe('Vergrendeld door de facilitator: alleen lezen');
    for (const zone of ['horizon', 'obstacles', 'actions'] as const) {
      expect(await zoneEditor(editor, zone).getAttribute('contenteditable'), zone).toBe('false');
    }
    expect(await editor.locator('[data-testid=canvas-title]').getAttribute('readonly')).not.toBeNull();
    expect(await editor.locator('[data-testid=canvas-status]').innerText()).toBe('Vergrendeld door de facilitator: alleen lezen');
    expect(await facilitator.locator('[data-testid=locked-for-others]').innerText()).toBe('Vergrendeld: alleen jij kunt bewerken');

    // The editor keeps typing: into the zone the caret was in, another zone and the title.
    await editor.keyboard.type('NA-SLOT-1');
    await zoneEditor(editor, 'horizon').click();
    await editor.keyboard.type('NA-SLOT-2');
    await editor.locator('[data-testid=canvas-title]').click();
    await editor.keyboard.type('NA-SLOT-3');
    // The facilitator still edits, and the locked editor still sees it live.
    await zoneEditor(facilitator, 'horizon').click();
    await facilitator.keyboard.press('ControlOrMeta+End');
    await facilitator.keyboard.type(' Vastgesteld.');
    await expect.poll(() => zoneEditor(editor, 'horizon').innerText()).toContain('Vastgesteld.');
    expect(await editor.locator('body').innerText()).not.toContain('NA-SLOT');

    // Unlocked: editable again, and nothing typed while locked arrives late.
    await chooseFromMenu(facilitator, 'menu-lock');
    await badge.waitFor({ state: 'detached', timeout: 1500 });
    expect(await zoneEditor(editor, 'obstacles').getAttribute('contenteditable')).toBe('true');
    await editor.waitForTimeout(500);
    const text = await serverText(canvas.id, canvas.tokens.viewer);
    expect(text).toContain('Vastgesteld.');
    expect(text).not.toContain('NA-SLOT');
    expect(await facilitator.locator('body').innerText()).not.toContain('NA-SLOT');
    await fenna.close();
    await piet.close();
  });

  it('shares: the links with copy buttons; replacing the viewer link tells an open viewer page its link was replaced', async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const fenna = await personContext(world.browser, 'Fenna');
    await fenna.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.server.url });
    const mirjam = await personContext(world.browser, 'Mirjam');
    const facilitator = await openCanvas(fenna, world.server, canvas.links.facilitator);
    const viewer = await openCanvas(mirjam, world.server, canvas.links.viewer);
    expect(await viewer.locator('[data-testid=read-only-badge]').innerText()).toBe('Alleen bekijken');
    // The facilitator's own link is not one to copy from the bar.
    expect(await facilitator.locator('[data-testid=copy-link]').count()).toBe(0);

    await facilitator.locator('[data-testid=open-share]').click();
    const dialog = facilitator.locator('[data-testid=share-dialog]');
    const field = (role: string) => dialog.locator(`[data-testid=share-${role}] input`);
    await field('editor').waitFor();
    for (const role of ['facilitator', 'editor', 'viewer', 'present'] as const) {
      expect(await field(role).inputValue(), role).toBe(canvas.links[role]);
    }
    await dialog.getByRole('button', { name: 'Link kopiëren: Deelnemers' }).click();
    await expect.poll(() => facilitator.evaluate(() => navigator.clipboard.readText())).toBe(canvas.links.editor);

    await dialog.locator('[data-testid=rotate-viewer]').click();
    expect(await dialog.locator('[data-testid=share-viewer]').innerText()).toContain('wordt meteen losgekoppeld');
    const started = Date.now();
    await dialog.locator('[data-testid=rotate-viewer-confirm]').click();
    const banner = viewer.locator('[data-testid=closed-banner]');
    await banner.waitFor({ timeout: 1500 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await banner.getAttribute('data-code')).toBe('4401');
    expect(await banner.innerText()).toContain('de facilitator heeft hem vervangen');

    await expect.poll(() => field('viewer').inputValue()).not.toBe(canvas.links.viewer);
    const newViewerLink = await field('viewer').inputValue();
    expect(await field('editor').inputValue()).toBe(canvas.links.editor);
    expect(await dialog.locator('[data-testid=dialog-status]').innerText()).toContain('nieuwe link voor Meekijkers');
    const fresh = await openCanvas(mirjam, world.server, newViewerLink);
    expect(await fresh.locator('[data-testid=read-only-badge]').innerText()).toBe('Alleen bekijken');

    // Escape closes the dialog and gives the focus back to the Share button.
    await facilitator.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await facilitator.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('open-share');
    await fenna.close();
    await mirjam.close();
  });

  it('duplicates a canvas into a new one with new links, then deletes that one after confirmation', async () => {
    const canvas = await world.server.createCanvas({ template: 'example', title: 'Visie 2026' });
    const fenna = await personContext(world.browser, 'Fenna');
    const page = await openCanvas(fenna, world.server, canvas.links.facilitator);
    const horizon = await zoneEditor(page, 'horizon').innerText();

    await chooseFromMenu(page, 'menu-duplicate');
    const title = page.locator('[data-testid=duplicate-title]');
    expect(await title.inputValue()).toBe('Visie 2026 (kopie)');
    await title.fill('Visie 2027');
    await page.locator('[data-testid=duplicate-confirm]').click();
    await page.waitForURL((url) => !url.pathname.includes(canvas.id));
    await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();
    const copyId = new URL(page.url()).pathname.split('/')[2]!;
    // Connected comes before the first sync: wait for the content.
    await expect.poll(() => page.locator('[data-testid=canvas-title]').inputValue()).toBe('Visie 2027');
    await expect.poll(() => zoneEditor(page, 'horizon').innerText()).toBe(horizon);
    expect(await page.locator('[data-testid=open-share]').count()).toBe(1);

    await chooseFromMenu(page, 'menu-delete');
    const confirm = page.locator('[data-testid=delete-confirm]');
    expect(await confirm.innerText()).toContain('“Visie 2027” verwijderen?');
    await confirm.locator('[data-testid=confirm]').click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.locator('[data-testid=home-status]').innerText()).toBe('“Visie 2027” is verwijderd.');
    const listed = await page.locator('[data-testid=recent-item]').evaluateAll((items) => items.map((i) => i.getAttribute('data-canvas-id')));
    expect(listed).toEqual([canvas.id]);
    expect((await world.server.storage.getCanvas(copyId))).toBeNull();
    await page.reload();
    await page.locator('[data-testid=recent-item]').waitFor();
    expect(await page.locator('[data-testid=home-status]').count()).toBe(0);
    expect((await world.server.storage.getCanvas(canvas.id))).not.toBeNull();
    await fenna.close();
  });

  it('imports an export on the home page by file picker and by drag and drop; a file that is not a valid export is explained', async () => {
    const source = await world.server.createCanvas({ template: 'example', title: 'Uit een bestand' });
    const exported = await (await fetch(`${world.server.url}/api/canvases/${source.id}/export`, { headers: { authorization: `Bearer ${source.tokens.viewer}` } })).text();
    const context = await personContext(world.browser, 'Fenna');
    const page = await context.newPage();
    await page.goto(world.server.url);
    const error = page.locator('[data-testid=import-error]');
    const pick = (name: string, text: string) =>
      page.locator('[data-testid=import-file]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

    await pick('notities.txt', 'Dit is geen JSON');
    expect(await error.innerText()).toBe('“notities.txt” is geen JSON-bestand. Kies een bestand dat Stip heeft geëxporteerd (.json).');
    await pick('kapot.json', JSON.stringify({ format: 'stip-canvas@1', horizon: { type: 'doc', content: [{ type: 'heading', content: [{ type: 'text', text: 'x' }] }] } }));
    await expect.poll(() => error.innerText()).toContain('“kapot.json” is geen geldige Stip-export');
    expect(await error.innerText()).toContain('heading');
    expect(new URL(page.url()).pathname).toBe('/');

    await pick('visie.json', exported);
    await page.waitForURL((url) => url.pathname.startsWith('/c/'));
    await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();
    await expect.poll(() => page.locator('[data-testid=canvas-title]').inputValue()).toBe('Uit een bestand');
    expect(await page.locator('[data-testid=open-share]').count()).toBe(1);

    await page.goto(world.server.url);
    await dropFile(page, 'gesleept.json', exported.replace('Uit een bestand', 'Gesleept'));
    await page.waitForURL((url) => url.pathname.startsWith('/c/'));
    await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();
    await expect.poll(() => page.locator('[data-testid=canvas-title]').inputValue()).toBe('Gesleept');
    await context.close();
  });

  it('says in words that the canvas has grown too large when the server refuses a change (4413)', async () => {
    const small = await startTestServer({ MAX_CANVAS_BYTES: String(64 * 1024) });
    let context: BrowserContext | undefined;
    try {
      const canvas = await small.createCanvas({ template: 'blank' });
      context = await personContext(world.browser, 'Piet');
      const page = await openCanvas(context, small, canvas.links.editor);
      await zoneEditor(page, 'horizon').click();
      await page.keyboard.insertText('Heel lang verhaal. '.repeat(4000));
      const banner = page.locator('[data-testid=closed-banner]');
      await banner.waitFor();
      expect(await banner.getAttribute('data-code')).toBe('4413');
      expect(await banner.innerText()).toContain('Het canvas is te groot geworden');
      expect(await zoneEditor(page, 'horizon').getAttribute('contenteditable')).toBe('false');
      expect(await page.locator('[data-testid=connection-status]').getAttribute('data-status')).toBe('closed');
    } finally {
      await context?.close();
      await small.dispose();
    }
  });
});

/** Drops a file on the home page's import area, as dragging it from the desktop does. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content!], fileName!, { type: 'application/json' }));
      return transfer;
    },
    [name, text],
  );
  const area = page.locator('[data-testid=import-drop]');
  await area.dispatchEvent('dragover', { dataTransfer });
  await area.dispatchEvent('drop', { dataTransfer });
}
