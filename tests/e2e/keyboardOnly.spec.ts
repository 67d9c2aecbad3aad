import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CanvasExport } from '../../shared/exportFormat';
import { personContext, useServerAndBrowser } from './fixtures';

/** What has the focus, described well enough to find the next stop. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName ?? '',
      label: el?.getAttribute('aria-label') ?? '',
      text: (el?.textContent ?? '').trim().slice(0, 60),
      testid: el?.closest('[data-testid]')?.getAttribute('data-testid') ?? '',
      zone: el?.closest('[data-zone]')?.getAttribute('data-zone') ?? '',
      editor: Boolean(el?.isContentEditable),
    };
  });
}

type Focused = Awaited<ReturnType<typeof focused>>;

/** Presses Tab until `wanted` has the focus: the way a keyboard user gets there. */
async function tabTo(page: Page, wanted: (f: Focused) => boolean, what: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (wanted(await focused(page))) return;
  }
  throw new Error(`Tab never reached ${what}; focus is on ${JSON.stringify(await focused(page))}`);
}

const text = (node: unknown): string => JSON.stringify(node);

describe('the keyboard alone', () => {
  const world = useServerAndBrowser();

  it('creates a canvas on the home page and fills every zone, the header and the action plan', async () => {
    const context = await personContext(world.browser, null);
    const page = await context.newPage();
    await page.goto(world.server.url);

    // Home: title, template "blank", create.
    await tabTo(page, (f) => f.tag === 'INPUT' && f.label === '' && f.testid === '', 'the title field');
    await page.keyboard.type('Visie 2027');
    await tabTo(page, (f) => f.tag === 'INPUT', 'the template choice');
    await page.keyboard.press('ArrowDown'); // example -> blank
    await tabTo(page, (f) => f.testid === 'create-canvas', 'the create button');
    await page.keyboard.press('Enter');

    // The name dialog has the focus, with a proposal selected.
    await page.locator('[data-testid=name-input]').waitFor();
    await page.keyboard.type('Karin');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();
    const id = new URL(page.url()).pathname.split('/')[2]!;
    const token = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('token')!;

    // The skip link is the first stop and lands on the canvas.
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toMatch(/canvas/i);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('canvas');

    const inZone = (zone: string) => (f: Focused) => f.editor && f.zone === zone;
    await tabTo(page, inZone('horizon'), 'the horizon');
    await page.keyboard.type('Inwoners geven onze online diensten een 8.');
    await tabTo(page, inZone('obstacles'), 'the obstacles');
    await page.keyboard.type('Online werk zit alleen in projecten.');
    for (let pillar = 1; pillar <= 3; pillar++) {
      await tabTo(page, (f) => f.tag === 'TEXTAREA' && f.zone === 'pillars', `pillar ${pillar}'s title`);
      await page.keyboard.type(`Pijler ${pillar}`);
      await tabTo(page, (f) => f.editor && f.zone === 'pillars', `pillar ${pillar}'s text`);
      await page.keyboard.type(`Tekst van pijler ${pillar}`);
    }
    await tabTo(page, inZone('actions'), 'the action plan');
    // The caret starts in the header row: Tab walks the cells, the last one adds a row.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('Vast team opzetten');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Karin');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Q1');
    // Escape leaves the table; Tab then moves on instead of adding rows.
    await page.keyboard.press('Escape');
    expect((await focused(page)).editor).toBe(false);
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).zone).toBe('actions');

    // Back to the top for the title (Shift+Tab walks back the same way).
    await page.keyboard.press('Escape');
    for (let i = 0; i < 60 && (await focused(page)).testid !== 'canvas-title'; i++) await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).testid).toBe('canvas-title');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Visie dienstverlening 2027');

    // Everything reached the server.
    await expect
      .poll(async () => {
        const response = await fetch(`${world.server.url}/api/canvases/${id}/export`, { headers: { authorization: `Bearer ${token}` } });
        const data = (await response.json()) as CanvasExport;
        return [
          data.title,
          text(data.horizon).includes('online diensten een 8'),
          text(data.obstacles).includes('alleen in projecten'),
          data.pillars.map((p) => p.title),
          data.pillars.every((p, i) => text(p.body).includes(`Tekst van pijler ${i + 1}`)),
          ['Vast team opzetten', 'Karin', 'Q1'].every((cell) => text(data.actions).includes(cell)),
        ];
      }, { timeout: 5000 })
      .toEqual(['Visie dienstverlening 2027', true, true, ['Pijler 1', 'Pijler 2', 'Pijler 3'], true, true]);
    await context.close();
  });

  it('opens the list of shortcuts with ? and closes it with Escape', async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const context = await personContext(world.browser, 'Karin');
    const page = await context.newPage();
    await page.goto(`${world.server.url}${new URL(canvas.links.editor).pathname}${new URL(canvas.links.editor).hash}`);
    await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('?');
    const dialog = page.locator('[data-testid=shortcuts-dialog]');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Ctrl+B');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await context.close();
  });
});
