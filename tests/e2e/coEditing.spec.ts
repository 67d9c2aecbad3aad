import { describe, expect, it } from 'vitest';
import { openCanvas, personContext, useServerAndBrowser, zoneEditor } from './fixtures';

describe('two people on one canvas', () => {
  const world = useServerAndBrowser();

  it('see each other’s text at once, a caret with the other’s name, and the text after a reload', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const anna = await personContext(world.browser, 'Anna de Vries');
    const bram = await personContext(world.browser, 'Bram Jansen');
    const pageA = await openCanvas(anna, world.server, canvas.links.editor);
    const pageB = await openCanvas(bram, world.server, canvas.links.editor);

    await zoneEditor(pageA, 'obstacles').click();
    await pageA.keyboard.type('Geen structurele capaciteit', { delay: 10 });
    await expect.poll(() => zoneEditor(pageB, 'obstacles').innerText(), { timeout: 5000 }).toContain('Geen structurele capaciteit');

    // Anna's caret, labelled with her name, shows in Bram's obstacles zone.
    const label = pageB.locator('[data-zone=obstacles] .collaboration-carets__label');
    await expect.poll(() => label.count(), { timeout: 5000 }).toBeGreaterThan(0);
    expect(await label.first().innerText()).toBe('Anna de Vries');
    // Both appear in each other's presence list.
    await expect.poll(() => pageB.locator('[data-testid=presence] li').count(), { timeout: 5000 }).toBe(2);

    await pageB.reload();
    await pageB.locator('[data-testid=connection-status][data-status=connected]').waitFor();
    await expect.poll(() => zoneEditor(pageB, 'obstacles').innerText(), { timeout: 5000 }).toContain('Geen structurele capaciteit');
    await anna.close();
    await bram.close();
  });

  it('undo takes back only your own text when both type in the same zone', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const anna = await personContext(world.browser, 'Anna');
    const bram = await personContext(world.browser, 'Bram');
    const pageA = await openCanvas(anna, world.server, canvas.links.facilitator);
    const pageB = await openCanvas(bram, world.server, canvas.links.editor);

    await zoneEditor(pageA, 'horizon').click();
    await pageA.keyboard.type('Alpha ');
    await expect.poll(() => zoneEditor(pageB, 'horizon').innerText()).toContain('Alpha');
    await zoneEditor(pageB, 'horizon').click();
    await pageB.keyboard.press('End');
    // Both type at the same moment.
    await Promise.all([pageA.keyboard.type('aaaa aaaa', { delay: 25 }), pageB.keyboard.type(' bbbb bbbb', { delay: 25 })]);
    const both = (text: string) => text.includes('aaaa aaaa') && text.includes('bbbb bbbb');
    await expect.poll(async () => both(await zoneEditor(pageA, 'horizon').innerText()), { timeout: 5000 }).toBe(true);
    await expect.poll(async () => both(await zoneEditor(pageB, 'horizon').innerText()), { timeout: 5000 }).toBe(true);

    // Anna undoes what she typed; Bram's words stay, on both screens. (innerText also holds
    // caret labels, so read the paragraphs only.)
    const text = (page: typeof pageA) => page.locator('[data-zone=horizon] .zone-editor p').allInnerTexts().then((t) => t.join('\n'));
    let presses = 0;
    while ((await text(pageA)).includes('Alpha') && presses < 20) {
      await pageA.keyboard.press('Control+z');
      presses += 1;
      await pageA.waitForTimeout(50);
    }
    console.log(`undo presses needed: ${presses}`);
    expect(presses).toBeLessThanOrEqual(4);
    for (const page of [pageA, pageB]) {
      await expect.poll(() => text(page), { timeout: 5000 }).not.toMatch(/Alpha|aaaa/);
      expect(await text(page)).toContain('bbbb bbbb');
    }
    await anna.close();
    await bram.close();
  });

  it('a new canvas from the example opens in the editor after asking a name once', async () => {
    const context = await personContext(world.browser, null);
    const page = await context.newPage();
    await page.goto(`${world.server.url}/`);
    await page.getByLabel(/Het voorbeeld/).check();
    await page.locator('[data-testid=create-canvas]').click();
    await page.locator('[data-testid=name-input]').fill('Carla');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();
    expect(page.url()).toMatch(/\/c\/[A-Za-z0-9_-]{22}#token=/);
    await expect.poll(() => page.locator('[data-zone=horizon] h2').innerText()).toMatch(/stip aan de horizon/i);
    await expect.poll(() => zoneEditor(page, 'actions').innerText()).toContain('Q4 2027');
    expect(await page.locator('[data-testid=canvas-title]').inputValue()).toBe('Digitale dienstverlening 2027');

    // The name is remembered: a second canvas does not ask again.
    await page.goto(`${world.server.url}/`);
    await page.locator('[data-testid=create-canvas]').click();
    await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();
    expect(await page.locator('[data-testid=name-input]').count()).toBe(0);
    await context.close();
  });
});
