import { describe, expect, it } from 'vitest';
import { openCanvas, useServerAndBrowser } from './fixtures';

// Pages and dialogs other than the editor come as chunks of their own. A chunk that does not
// arrive (a dropped request on venue Wi-Fi) costs that page or dialog, says so, and loads on the
// next try; the editor keeps working meanwhile. The service worker is blocked here, so the
// requests reach the network (and the routes below) instead of its cache.
describe('a part of the app that does not load', () => {
  const world = useServerAndBrowser();

  it('a dialog says it could not load, the editor keeps working, and the next opening loads it', async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const context = await world.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', serviceWorkers: 'block' });
    await context.addInitScript(() => window.localStorage.setItem('stip.name', 'Femke'));
    const dropShare = '**/assets/ShareDialog-*.js';
    await context.route(dropShare, (route) => route.abort('connectionreset'));
    const page = await openCanvas(context, world.server, canvas.links.facilitator);

    await page.locator('[data-testid=open-share]').click();
    const failed = page.locator('[data-testid=load-failed]');
    await failed.waitFor();
    expect(await failed.innerText()).toContain('kon niet worden geladen');
    expect(await page.locator('[data-testid=share-dialog]').count()).toBe(0);
    await failed.getByRole('button').first().click();
    expect(await failed.count()).toBe(0);

    // Still editing.
    await page.locator('[data-zone=obstacles] .zone-editor').click();
    await page.keyboard.type('Nog steeds bezig');
    expect(await page.locator('[data-zone=obstacles] .zone-editor').innerText()).toContain('Nog steeds bezig');

    await context.unroute(dropShare);
    await page.locator('[data-testid=open-share]').click();
    await page.locator('[data-testid=share-dialog]').waitFor();
    expect(await failed.count()).toBe(0);
    await context.close();
  });

  it('a page says it could not load, with a way home, and loads when opened again', async () => {
    const context = await world.browser.newContext({ locale: 'nl-NL', serviceWorkers: 'block' });
    const dropHome = '**/assets/HomePage-*.js';
    await context.route(dropHome, (route) => route.abort('connectionreset'));
    const page = await context.newPage();
    await page.goto(world.server.url);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('kon niet worden geladen');

    await context.unroute(dropHome);
    await page.reload();
    await page.locator('[data-testid=create-canvas]').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await context.close();
  });
});
