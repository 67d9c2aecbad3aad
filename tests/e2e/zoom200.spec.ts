import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openCanvas, useServerAndBrowser, zoneEditor } from './fixtures';

/** A 1280 x 900 laptop window at 200% browser zoom: 640 x 450 CSS pixels, two device pixels each. */
const ZOOMED = { width: 640, height: 450 };

/** Whether the element, scrolled into view, lies inside the window's width (WCAG 1.4.10: no sideways scrolling). */
async function fitsAcross(element: Locator): Promise<boolean> {
  await element.scrollIntoViewIfNeeded();
  const box = await element.boundingBox();
  return box !== null && box.x >= 0 && box.x + box.width <= ZOOMED.width + 0.5;
}

const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe('the editor at 200% zoom (WCAG 1.4.4, 1.4.10)', () => {
  const world = useServerAndBrowser();

  it('keeps every zone, its text and every control reachable and working, without sideways scrolling', async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const context = await world.browser.newContext({ viewport: ZOOMED, deviceScaleFactor: 2, locale: 'nl-NL' });
    await context.addInitScript(() => window.localStorage.setItem('stip.name', 'Anna'));
    const page = await openCanvas(context, world.server, canvas.links.facilitator);
    expect(await scrollsSideways(page)).toBe(false);

    // Every zone is there, inside the width, and none of its text is cut off.
    for (const zone of ['horizon', 'obstacles', 'pillars', 'actions']) {
      const region = page.locator(`[data-zone=${zone}]`);
      expect(await fitsAcross(region), zone).toBe(true);
      const clipped = await region.evaluate((el) =>
        [...el.querySelectorAll<HTMLElement>('.zone-editor')].some((editor) => editor.scrollWidth > editor.clientWidth + 1 || editor.scrollHeight > editor.clientHeight + 1),
      );
      expect(clipped, zone).toBe(false);
    }
    expect(await zoneEditor(page, 'actions').innerText()).toContain('Q4 2027');

    // Typing works in the first and the last zone.
    await zoneEditor(page, 'horizon').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Ingezoomd getypt.');
    expect(await zoneEditor(page, 'horizon').innerText()).toContain('Ingezoomd getypt.');
    await page.locator('[data-zone=actions] td').last().click();
    await page.keyboard.type(' (bijgewerkt)');
    expect(await zoneEditor(page, 'actions').innerText()).toContain('(bijgewerkt)');

    // Every control of the bar can be reached inside the width.
    for (const name of ['Vet', 'Cursief', 'PDF downloaden']) {
      expect(await fitsAcross(page.getByRole('button', { name, exact: true })), name).toBe(true);
    }
    for (const id of ['print-link', 'canvas-menu', 'open-share', 'shortcuts-button', 'connection-status']) {
      expect(await fitsAcross(page.locator(`[data-testid=${id}]`)), id).toBe(true);
    }

    // The share dialog and the Canvas menu open inside the window and close again.
    await page.locator('[data-testid=open-share]').click();
    const share = page.locator('[data-testid=share-dialog]');
    await share.waitFor();
    expect(await fitsAcross(share.locator('[data-testid=share-editor] input'))).toBe(true);
    await page.keyboard.press('Escape');
    await share.waitFor({ state: 'detached' });
    await page.locator('[data-testid=canvas-menu]').click();
    const versions = page.locator('[data-testid=menu-versions]');
    expect(await fitsAcross(versions)).toBe(true);
    await versions.click();
    const panel = page.locator('[data-testid=versions-panel]');
    expect(await fitsAcross(panel.locator('[data-testid=version-name]'))).toBe(true);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    expect(await scrollsSideways(page)).toBe(false);
    if (process.env.STIP_SCREENSHOTS) await page.screenshot({ path: `${process.env.STIP_SCREENSHOTS}/zoom200.png`, fullPage: true });
    await context.close();
  });
});
