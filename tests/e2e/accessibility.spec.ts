import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { openCanvas, personContext, useServerAndBrowser } from './fixtures';

describe.each(['nl-NL', 'en-GB'])('accessibility at WCAG 2.1 AA (%s)', (locale) => {
  const world = useServerAndBrowser();

  it('the home page has no axe violations', async () => {
    const context = await personContext(world.browser, 'Anna', locale);
    const page = await context.newPage();
    await page.goto(world.server.url);
    await page.locator('form').first().waitFor();
    // The UI follows the browser's language.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale.slice(0, 2));
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('the editor of the example canvas, with a second person in it, has no axe violations', async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const anna = await personContext(world.browser, 'Anna', locale);
    const bram = await personContext(world.browser, 'Bram', locale);
    const page = await openCanvas(anna, world.server, canvas.links.facilitator);
    await openCanvas(bram, world.server, canvas.links.editor);
    await page.locator('[data-testid=presence] >> text=B').first().waitFor().catch(() => undefined);
    expect(await axeViolations(page)).toEqual([]);
    await anna.close();
    await bram.close();
  });
});
