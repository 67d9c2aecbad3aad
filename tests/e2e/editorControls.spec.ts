import { describe, expect, it } from 'vitest';
import { openCanvas, personContext, useServerAndBrowser, zoneEditor } from './fixtures';

describe('the editing controls', () => {
  const world = useServerAndBrowser();

  it('the toolbar follows the zone that has the focus and shows its marks as pressed', async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const context = await personContext(world.browser, 'Anna');
    const page = await openCanvas(context, world.server, canvas.links.editor);
    const bold = page.getByRole('button', { name: 'Vet', exact: true });
    expect(await bold.isDisabled()).toBe(true);

    await zoneEditor(page, 'horizon').locator('strong').first().click();
    await expect.poll(() => bold.getAttribute('aria-pressed')).toBe('true');
    await zoneEditor(page, 'obstacles').locator('li').nth(1).click();
    await expect.poll(() => bold.getAttribute('aria-pressed')).toBe('false');
    expect(await bold.isDisabled()).toBe(false);

    // Bold from the toolbar lands in the zone that has the focus.
    await page.keyboard.press('End');
    await bold.click();
    await page.keyboard.type('vetgedrukt');
    expect(await zoneEditor(page, 'obstacles').locator('strong').allInnerTexts()).toContain('vetgedrukt');
    await context.close();
  });

  it('adds an action row at the end when the caret is elsewhere, and never removes the header row', async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const context = await personContext(world.browser, 'Bram');
    const page = await openCanvas(context, world.server, canvas.links.editor);
    const rows = page.locator('[data-zone=actions] tr');
    expect(await rows.count()).toBe(6);

    await zoneEditor(page, 'horizon').click();
    await page.getByRole('button', { name: 'Rij toevoegen' }).click();
    await page.keyboard.type('Evaluatie met de raad');
    await expect.poll(() => rows.count()).toBe(7);
    expect(await rows.last().innerText()).toContain('Evaluatie met de raad');
    expect(await rows.first().innerText()).toMatch(/actie/i);

    const remove = page.getByRole('button', { name: 'Rij verwijderen' });
    await page.locator('[data-zone=actions] th').first().click();
    await expect.poll(() => remove.isDisabled()).toBe(true);
    await rows.last().locator('td').first().click();
    await expect.poll(() => remove.isDisabled()).toBe(false);
    await remove.click();
    await expect.poll(() => rows.count()).toBe(6);
    expect(await zoneEditor(page, 'actions').innerText()).not.toContain('Evaluatie met de raad');
    await context.close();
  });

  it('adds pillars up to five, and the title typed in one browser shows in the other', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const anna = await personContext(world.browser, 'Anna');
    const bram = await personContext(world.browser, 'Bram');
    const pageA = await openCanvas(anna, world.server, canvas.links.editor);
    const pageB = await openCanvas(bram, world.server, canvas.links.editor);
    const add = pageA.getByRole('button', { name: 'Pijler toevoegen' });
    await add.click();
    await add.click();
    expect(await add.isDisabled()).toBe(true);
    await expect.poll(() => pageB.locator('.pillar').count()).toBe(5);

    await pageA.locator('[data-testid=pillar-title-4]').click();
    await pageA.keyboard.type('Samen met inwoners');
    await pageA.keyboard.press('Enter');
    await pageA.keyboard.type('Elk kwartaal een panel.');
    await expect.poll(() => pageB.locator('[data-testid=pillar-title-4]').inputValue()).toBe('Samen met inwoners');
    await expect.poll(() => pageB.locator('[data-testid=pillar-4] .zone-editor').innerText()).toContain('Elk kwartaal een panel.');

    // An empty pillar goes without asking.
    await pageB.locator('[data-testid=pillar-0]').hover();
    await pageB.getByRole('button', { name: 'Pijler 1 verwijderen' }).click();
    await expect.poll(() => pageA.locator('.pillar').count()).toBe(4);
    await anna.close();
    await bram.close();
  });
});
