import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readablePrimary } from '../../shared/styleValues';
import { axeViolations } from './axe';
import { openCanvas, personContext, useServerAndBrowser } from './fixtures';
import { startTestServer } from '../helpers/testServer';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/style');
/** Set STIP_SCREENSHOTS=<dir> to keep screenshots of the styled canvas, projector and PDF. */
const SHOTS = process.env.STIP_SCREENSHOTS;

async function openPresent(context: BrowserContext, url: string, link: string): Promise<Page> {
  const page = await context.newPage();
  const target = new URL(link);
  await page.goto(`${url}${target.pathname}${target.hash}`);
  await page.locator('[data-testid=present][data-status=connected]').waitFor();
  return page;
}

/** What a page shows of the style: logo drawn, heading colour, typeface in use and loaded. */
async function shownStyle(page: Page) {
  return page.evaluate(async () => {
    const logo = document.querySelector<HTMLImageElement>('[data-testid=a4-page] [data-testid=page-logo]');
    const heading = document.querySelector('[data-testid=a4-page] .zone__heading');
    const a4 = document.querySelector('[data-testid=a4-page]')!;
    await document.fonts.ready;
    return {
      logo: logo?.complete && logo.naturalWidth > 0 ? `${logo.naturalWidth}x${logo.naturalHeight}` : null,
      // A blob: URL of the PNG bytes from the document (typed image/png); never a URL of the server's.
      logoScheme: logo ? new URL(logo.src).protocol : null,
      heading: heading ? getComputedStyle(heading).color : null,
      font: getComputedStyle(a4).fontFamily,
      fontLoaded: document.fonts.check('700 16px "Fira Sans"'),
    };
  });
}

/** The share of a PNG region's pixels close to `rgb` (the logo's green). */
function shareOf(png: PNG, rgb: [number, number, number], region: { x0: number; x1: number; y0: number; y1: number }): number {
  let hits = 0;
  let all = 0;
  for (let y = Math.floor(region.y0 * png.height); y < region.y1 * png.height; y++) {
    for (let x = Math.floor(region.x0 * png.width); x < region.x1 * png.width; x++) {
      const i = (y * png.width + x) * 4;
      all += 1;
      if (rgb.every((c, k) => Math.abs(png.data[i + k]! - c) < 40)) hits += 1;
    }
  }
  return hits / all;
}

describe('the house style in the browser (nl-NL)', () => {
  const world = useServerAndBrowser();

  it('the facilitator sets logo, colours and typeface in "Huisstijl"; editor, projector and a participant follow live; the PDF shows it', async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const fenna = await personContext(world.browser, 'Fenna');
    const piet = await personContext(world.browser, 'Piet');
    const beamer = await world.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'nl-NL' });
    const facilitator = await openCanvas(fenna, world.server, canvas.links.facilitator);
    const participant = await openCanvas(piet, world.server, canvas.links.editor);
    const projector = await openPresent(beamer, world.server.url, canvas.links.present);
    expect((await shownStyle(participant)).logo).toBeNull();

    await facilitator.locator('[data-testid=canvas-menu]').click();
    await facilitator.locator('[data-testid=menu-style]').click();
    const dialog = facilitator.locator('[data-testid=style-dialog]');
    await dialog.waitFor();
    expect(await dialog.locator('h2').first().textContent()).toBe('Huisstijl');

    await dialog.locator('[data-testid=style-logo-file]').setInputFiles(path.join(FIXTURES, 'logo.svg'));
    await dialog.locator('[data-testid=style-preview-logo]').waitFor();

    // A primary colour too light for text: said, and what Stip will use instead is shown.
    await dialog.locator('[data-testid=style-primary]').fill('#ffd166');
    const contrast = dialog.locator('[data-testid=style-contrast]');
    await expect.poll(() => contrast.textContent()).toContain('haalt maar 1,');
    expect(await contrast.textContent()).toContain(readablePrimary('#ffd166'));
    await dialog.locator('[data-testid=style-primary]').fill('#0b6e4f');
    await expect.poll(() => contrast.textContent()).toContain('voldoet aan WCAG AA');
    await dialog.locator('[data-testid=style-accent]').fill('#ffd166');
    await dialog.locator('[data-testid=style-typeface]').selectOption('firaSans');
    const preview = await dialog.locator('.style-preview__heading').evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).fontFamily]);
    expect(preview[0]).toBe('rgb(11, 110, 79)');
    expect(preview[1]).toMatch(/^"?Fira Sans/);
    expect(await axeViolations(facilitator)).toEqual([]);
    if (SHOTS) {
      fs.mkdirSync(SHOTS, { recursive: true });
      await dialog.screenshot({ path: path.join(SHOTS, 'style-dialog.png') });
    }
    await dialog.locator('[data-testid=style-save]').click();
    await dialog.waitFor({ state: 'detached' });

    for (const [who, page] of [['facilitator', facilitator], ['participant', participant], ['projector', projector]] as const) {
      await expect.poll(async () => (await shownStyle(page)).logo, { timeout: 5000, message: who }).toBe('960x320');
      const shown = await shownStyle(page);
      expect(shown.logoScheme, who).toBe('blob:');
      expect(shown.font, who).toMatch(/^"?Fira Sans/);
      expect(shown.fontLoaded, who).toBe(true);
      if (who !== 'projector') expect(shown.heading, who).toBe('rgb(11, 110, 79)');
    }
    // axe at zero with the styled canvas: the editor and the projector.
    expect(await axeViolations(participant)).toEqual([]);
    expect(await axeViolations(projector)).toEqual([]);
    if (SHOTS) {
      await participant.locator('[data-testid=a4-page]').screenshot({ path: path.join(SHOTS, 'style-a4.png') });
      await projector.screenshot({ path: path.join(SHOTS, 'style-present.png') });
    }

    // The PDFs, the server's and the browser's: one page, Fira Sans embedded, the logo drawn top right.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-style-e2e-'));
    try {
      const serverPdf = path.join(dir, 'server.pdf');
      fs.writeFileSync(serverPdf, Buffer.from(await (await fetch(`${world.server.url}/api/canvases/${canvas.id}/pdf?token=${canvas.tokens.viewer}`)).arrayBuffer()));
      const [download] = await Promise.all([facilitator.waitForEvent('download'), facilitator.locator('[data-testid=download-pdf]').click()]);
      const browserPdf = path.join(dir, 'browser.pdf');
      fs.copyFileSync((await download.path())!, browserPdf);
      for (const file of [serverPdf, browserPdf]) {
        const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
        expect(fonts, file).toMatch(/FiraSans-Bold\s.*yes\s+yes/);
        expect(fonts, file).not.toContain('Inter');
        expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' }), file).toMatch(/Pages:\s+1\n/);
        execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, file.replace(/\.pdf$/, '')]);
        const png = PNG.sync.read(fs.readFileSync(file.replace(/\.pdf$/, '.png')));
        // The logo's green square sits in the top right corner, and nowhere in the top left.
        expect(shareOf(png, [11, 110, 79], { x0: 0.6, x1: 1, y0: 0, y1: 0.1 }), file).toBeGreaterThan(0.02);
        expect(shareOf(png, [11, 110, 79], { x0: 0, x1: 0.4, y0: 0.02, y1: 0.06 }), file).toBeLessThan(0.005);
      }
      if (SHOTS) fs.copyFileSync(path.join(dir, 'server.png'), path.join(SHOTS, 'style-pdf.png'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await fenna.close();
    await piet.close();
    await beamer.close();
  });

  it('imports NL Design System tokens into the dialog and says what it did not use', async () => {
    const canvas = await world.server.createCanvas({ template: 'blank' });
    const fenna = await personContext(world.browser, 'Fenna');
    const page = await openCanvas(fenna, world.server, canvas.links.facilitator);
    await page.locator('[data-testid=canvas-menu]').click();
    await page.locator('[data-testid=menu-style]').click();
    const dialog = page.locator('[data-testid=style-dialog]');
    await dialog.locator('[data-testid=style-tokens-file]').setInputFiles(path.join(FIXTURES, 'tokens.json'));
    await dialog.locator('[data-testid=style-token-notes]').waitFor();
    expect(await dialog.locator('[data-testid=style-primary]').inputValue()).toBe('#0b6e4f');
    expect(await dialog.locator('[data-testid=style-accent]').inputValue()).toBe('#ffd166');
    expect(await dialog.locator('[data-testid=style-typeface]').inputValue()).toBe('firaSans');
    const notes = await dialog.locator('[data-testid=style-token-notes]').textContent();
    expect(notes).toContain('basis.color.accent-1.color-default → hoofdkleur: #0b6e4f');
    expect(notes).toContain('Niet gebruikt door Stip: ');
    expect(notes).toContain('basis.space.block');
    expect(await axeViolations(page)).toEqual([]);
    // An editor's page offers no such dialog.
    const piet = await personContext(world.browser, 'Piet');
    const editor = await openCanvas(piet, world.server, canvas.links.editor);
    await editor.locator('[data-testid=canvas-menu]').click();
    expect(await editor.locator('[data-testid=menu-style]').count()).toBe(0);
    await fenna.close();
    await piet.close();
  });

  it('shows the installation’s style (STYLE_DIR) on the home page, and gives it to a new canvas', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-style-home-'));
    fs.copyFileSync(path.join(FIXTURES, 'tokens.json'), path.join(dir, 'tokens.json'));
    fs.copyFileSync(path.join(FIXTURES, 'logo.svg'), path.join(dir, 'logo.svg'));
    const styled = await startTestServer({ STYLE_DIR: dir });
    const context = await personContext(world.browser, 'Fenna');
    try {
      const page = await context.newPage();
      await page.goto(styled.url);
      await page.locator('[data-testid=home-house-logo]').waitFor();
      const intro = await page.locator('[data-testid=home-intro]').evaluate((el) => [getComputedStyle(el).borderTopColor, getComputedStyle(el).fontFamily]);
      expect(intro[0]).toBe('rgb(11, 110, 79)');
      expect(intro[1]).toMatch(/^"?Fira Sans/);
      expect(await axeViolations(page)).toEqual([]);
      const canvas = await styled.createCanvas({ template: 'example' });
      const editor = await openCanvas(context, styled, canvas.links.editor);
      await expect.poll(async () => (await shownStyle(editor)).logo).toBe('960x320');
      expect((await shownStyle(editor)).heading).toBe('rgb(11, 110, 79)');
    } finally {
      await context.close();
      await styled.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
