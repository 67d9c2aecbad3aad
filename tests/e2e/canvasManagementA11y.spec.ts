import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { openCanvas, personContext, useServerAndBrowser } from './fixtures';

describe.each(['nl-NL', 'en-GB'])('the canvas menu, share dialog and versions at WCAG 2.1 AA (%s)', (locale) => {
  const world = useServerAndBrowser();

  it('has no axe violations with the menu, the share dialog, the version list, a preview or a confirmation open, and works by keyboard', async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const context = await personContext(world.browser, 'Fenna', locale);
    const page = await openCanvas(context, world.server, canvas.links.facilitator);

    // The menu by keyboard: focus the button, Enter opens it on the first item, arrows move.
    await page.locator('[data-testid=canvas-menu]').focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('menu-lock');
    expect(await axeViolations(page), 'menu').toEqual([]);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('menu-versions');
    await page.keyboard.press('Enter');
    const panel = page.locator('[data-testid=versions-panel]');
    await panel.locator('[data-testid=version-name]').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('version-name');
    await page.keyboard.type('einde sessie 1');
    await page.keyboard.press('Enter');
    await panel.locator('[data-testid=version]').waitFor();
    expect(await axeViolations(page), 'versions').toEqual([]);

    await panel.locator('[data-testid=preview-version]').click();
    await page.locator('[data-testid=version-page]').waitFor();
    expect(await axeViolations(page), 'preview').toEqual([]);
    await page.keyboard.press('Escape');
    await panel.locator('[data-testid=restore-version]').click();
    await page.locator('[data-testid=restore-confirm]').waitFor();
    expect(await axeViolations(page), 'restore confirmation').toEqual([]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    // Back where it started: the menu button has the focus again.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('canvas-menu');

    await page.locator('[data-testid=open-share]').click();
    await page.locator('[data-testid=rotate-viewer]').waitFor();
    await page.locator('[data-testid=rotate-viewer]').click();
    expect(await axeViolations(page), 'share').toEqual([]);
    await page.keyboard.press('Escape');

    // The house style dialog, with a colour too light for text (its warning shown).
    await page.locator('[data-testid=canvas-menu]').click();
    await page.locator('[data-testid=menu-style]').click();
    await page.locator('[data-testid=style-primary]').fill('#ffd166');
    await page.locator('[data-testid=style-contrast].style-note--warning').waitFor();
    expect(await axeViolations(page), 'house style').toEqual([]);
    await context.close();
  });

  it('has no axe violations on the home page with canvases listed and an import error shown', async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const context = await personContext(world.browser, 'Fenna', locale);
    const editor = await openCanvas(context, world.server, canvas.links.editor);
    await editor.goto(world.server.url);
    await editor.locator('[data-testid=recent-item]').waitFor();
    await editor.locator('[data-testid=import-file]').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{') });
    await editor.locator('[data-testid=import-error]').waitFor();
    expect(await axeViolations(editor)).toEqual([]);
    await context.close();
  });
});
