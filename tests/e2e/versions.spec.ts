import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ZONES } from '../../shared/zones';
import { openCanvas, personContext, useServerAndBrowser, zoneEditor, zoneText } from './fixtures';

/** The token in a canvas page's fragment. */
function tokenFromUrl(url: string): string {
  return new URLSearchParams(new URL(url).hash.slice(1)).get('token') ?? '';
}

/**
 * Every zone of the zone table has its region on `page`, in the table's order, under its heading
 * in the canvas language and with text in it (the example canvas fills every zone).
 */
async function expectEveryZone(page: Page, selector: string, attribute: string): Promise<void> {
  const regions = page.locator(`${selector} [${attribute}]`);
  await regions.first().waitFor();
  const found = await regions.evaluateAll(
    (elements, name) =>
      elements.map((element) => ({
        key: element.getAttribute(name),
        heading: element.querySelector('.zone__heading')?.textContent ?? '',
        filled: (element.querySelector('.zone__body')?.textContent ?? '').trim() !== '',
      })),
    attribute,
  );
  expect(found).toEqual(ZONES.map((zone) => ({ key: zone.key, heading: zone.heading.nl, filled: true })));
}

/** Opens the "Canvas" menu and chooses an entry by its test id. */
async function menu(page: Page, entry: string): Promise<void> {
  await page.locator('[data-testid=canvas-menu]').click();
  await page.locator(`[data-testid=${entry}]`).click();
}

describe('versions, from the home page to a restore', () => {
  const world = useServerAndBrowser();

  it('creates a canvas on the home page, saves a version, restores it after a change, and keeps the change in the automatic version', async () => {
    const fenna = await personContext(world.browser, 'Fenna');
    const page = await fenna.newPage();
    await page.goto(world.server.url);
    await page.locator('#new-title').fill('Visie 2026');
    await page.getByLabel('Het voorbeeld (gemeente, online dienstverlening)').check();
    await page.locator('[data-testid=create-canvas]').click();
    await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();
    const id = new URL(page.url()).pathname.split('/')[2]!;
    const token = tokenFromUrl(page.url());
    await expect.poll(() => zoneText(page, 'horizon')).toContain('In december 2027');
    const original = await zoneText(page, 'horizon');

    // A participant follows along in another browser.
    const links = await (await fetch(`${world.server.url}/api/canvases/${id}/links`, { headers: { authorization: `Bearer ${token}` } })).json();
    const piet = await personContext(world.browser, 'Piet');
    const participant = await openCanvas(piet, world.server, links.links.editor);

    await menu(page, 'menu-versions');
    const panel = page.locator('[data-testid=versions-panel]');
    await panel.locator('[data-testid=version-name]').fill('einde sessie 1');
    await panel.locator('[data-testid=save-version]').click();
    await panel.locator('[data-testid=version]').first().waitFor();
    expect(await panel.locator('[data-testid=dialog-status]').innerText()).toContain('einde sessie 1');
    expect(await panel.locator('[data-testid=version]').first().innerText()).toMatch(/einde sessie 1[\s\S]*door Fenna/);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    // The goal is rewritten after the version was saved.
    await zoneEditor(page, 'horizon').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Veranderd doel na de pauze');
    await expect.poll(() => zoneText(participant, 'horizon')).toBe('Veranderd doel na de pauze');

    await menu(page, 'menu-versions');
    const saved = panel.locator('[data-testid=version]', { hasText: 'einde sessie 1' });
    await saved.locator('[data-testid=restore-version]').click();
    const confirm = page.locator('[data-testid=restore-confirm]');
    expect(await confirm.innerText()).toContain('De huidige stand wordt eerst als versie bewaard');
    await confirm.locator('[data-testid=confirm]').click();
    await confirm.waitFor({ state: 'detached' });
    expect(await panel.locator('[data-testid=dialog-status]').innerText()).toContain('“einde sessie 1” is teruggezet');

    // The old text is back, for both of them, at once.
    await expect.poll(() => zoneText(page, 'horizon')).toBe(original);
    await expect.poll(() => zoneText(participant, 'horizon')).toBe(original);

    // The automatic version holds the text the restore replaced; its preview shows it read-only.
    const automatic = panel.locator('[data-testid=version]').first();
    expect(await automatic.innerText()).toContain('Vóór herstel van “einde sessie 1”');
    expect(await panel.locator('[data-testid=version]').count()).toBe(2);
    await automatic.locator('[data-testid=preview-version]').click();
    const preview = page.locator('[data-testid=version-preview]');
    await preview.locator('[data-testid=version-page]').waitFor();
    await expect.poll(() => preview.locator('[data-preview-zone=horizon]').innerText()).toContain('Veranderd doel na de pauze');
    expect(await preview.locator('[data-preview-zone=horizon] [contenteditable=true]').count()).toBe(0);
    expect(await preview.locator('[data-preview-zone=actions] table tr').count()).toBe(6);

    // Its PDF downloads under the canvas's and the version's name.
    const download = page.waitForEvent('download');
    await preview.getByRole('button', { name: 'PDF downloaden' }).click();
    expect((await download).suggestedFilename()).toBe('Visie-2026-Voor-herstel-van-einde-sessie-1.pdf');

    // Escape closes the preview only; the panel stays.
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    expect(await panel.isVisible()).toBe(true);
    await fenna.close();
    await piet.close();
  });

  it('lets a viewer list, preview and download versions, but offers no save or restore', async () => {
    const canvas = await world.server.createCanvas({ template: 'example', title: 'Voor de manager' });
    await fetch(`${world.server.url}/api/canvases/${canvas.id}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${canvas.tokens.facilitator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Vastgesteld', by: 'Fenna' }),
    });
    const manager = await personContext(world.browser, 'Mirjam', 'en-GB');
    const page = await openCanvas(manager, world.server, canvas.links.viewer);
    expect(await page.locator('[data-testid=open-share]').count()).toBe(0);
    await page.locator('[data-testid=canvas-menu]').click();
    expect(await page.getByRole('menuitem').allInnerTexts()).toEqual(['Versions…', 'Export as JSON', 'Export as Markdown', 'Export as Word', 'Export as PDF']);
    await page.locator('[data-testid=menu-versions]').click();
    const panel = page.locator('[data-testid=versions-panel]');
    await panel.locator('[data-testid=version]').first().waitFor();
    expect(await panel.locator('[data-testid=version-name]').count()).toBe(0);
    expect(await panel.locator('[data-testid=restore-version]').count()).toBe(0);
    expect(await panel.locator('[data-testid=version]').innerText()).toMatch(/Vastgesteld[\s\S]*by Fenna/);
    // Beside its PDF, the version's Word document (GET .../versions/:v/docx).
    const [word] = await Promise.all([page.waitForEvent('download'), panel.locator('[data-testid=version-word]').click()]);
    expect(word.suggestedFilename()).toBe('Voor-de-manager-Vastgesteld.docx');
    await panel.locator('[data-testid=preview-version]').click();
    await page.locator('[data-testid=version-page]').waitFor();
    // The UI is in English; the canvas's headings stay in the canvas's language.
    expect(await page.locator('[data-testid=version-page] h3').allInnerTexts()).toEqual(['Stip aan de horizon', 'Obstakels', 'Strategische pijlers', 'Actieplan'].map((h) => h.toUpperCase()));
    // Both pages draw every zone of the zone table (shared/zones.ts): the live one and the version's.
    await expectEveryZone(page, '[data-testid=a4-page]', 'data-zone');
    await expectEveryZone(page, '[data-testid=version-page]', 'data-preview-zone');
    await manager.close();
  });
});
