import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareLinksSchema, type CreatedCanvas } from '../../shared/api';
import { readDocx } from '../helpers/docxReader';
import { ZONES, zoneHeading } from '../../shared/zones';
import { axeViolations } from './axe';
import { openCanvas, personContext, useServerAndBrowser } from './fixtures';

/** Set STIP_SCREENSHOTS=<dir> to keep a screenshot of the published page (docs/published.png). */
const SHOTS = process.env.STIP_SCREENSHOTS;

/** A tiny intranet: one page that frames whatever `?src=` names. */
async function embeddingSite(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const src = new URL(request.url ?? '/', 'http://x').searchParams.get('src') ?? '';
    const attribute = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="nl"><head><title>Intranet</title></head><body><main><h1>Intranet</h1><iframe title="Visie" src="${attribute}" width="900" height="700"></iframe></main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * What the iframe of a page on `site` shows once loaded when it frames `url`: its address and
 * its h1. A page the browser refuses to frame becomes Chromium's error page (chrome-error://).
 */
async function framed(page: Page, site: string, url: string): Promise<{ url: string; heading: string | null }> {
  await page.goto(`${site}/?src=${encodeURIComponent(url)}`);
  const frame: Frame = (await (await page.locator('iframe').elementHandle())!.contentFrame())!;
  await frame.waitForLoadState('load');
  return { url: frame.url(), heading: await frame.evaluate(() => document.querySelector('h1')?.textContent?.trim() ?? null) };
}

const REFUSED = /^chrome-error:/;

describe('the published page in the browser', () => {
  let allowed: Awaited<ReturnType<typeof embeddingSite>>;
  let other: Awaited<ReturnType<typeof embeddingSite>>;
  beforeAll(async () => {
    allowed = await embeddingSite();
    other = await embeddingSite();
  });
  afterAll(async () => {
    await allowed?.close();
    await other?.close();
  });
  const world = useServerAndBrowser(() => ({ EMBED_ORIGINS: allowed.origin }));

  it('is published from the share dialog, reads without JavaScript, has no axe violations, is framed by an allowed origin only, and is gone once taken down', async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const fenna = await personContext(world.browser, 'Fenna');
    const facilitator = await openCanvas(fenna, world.server, canvas.links.facilitator);
    await facilitator.locator('[data-testid=open-share]').click();
    const dialog = facilitator.locator('[data-testid=share-dialog]');
    const row = dialog.locator('[data-testid=share-published]');
    await row.locator('[data-testid=publish]').click();
    const field = row.locator('input');
    await field.waitFor();
    const link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${world.server.url}/p/${canvas.id}/[A-Za-z0-9_-]{32}$`));
    expect(await dialog.locator('[data-testid=dialog-status]').innerText()).toContain('gepubliceerd');
    expect(await axeViolations(facilitator)).toEqual([]);

    // Without JavaScript: the whole A4 is there, every zone under its heading, in Dutch.
    const reader = await world.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const noScript = await reader.newPage();
    const response = await noScript.goto(link);
    expect(response!.status()).toBe(200);
    expect(await noScript.locator('html').getAttribute('lang')).toBe('nl');
    expect(await noScript.locator('h1').innerText()).toBe('Digitale dienstverlening 2027');
    expect(await noScript.locator('h2').allInnerTexts()).toEqual(ZONES.map((zone) => zoneHeading('nl', zone.key)));
    expect(await noScript.locator('th').allInnerTexts()).toEqual(['Actie', 'Wie', 'Wanneer']);
    expect(await noScript.locator('script').count()).toBe(0);
    await reader.close();

    // With JavaScript (axe needs it): zero violations at WCAG 2.1 AA, and no script of the page's own.
    const visitor = await world.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await visitor.newPage();
    await page.goto(link);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/published.png`, fullPage: true });

    // Framed by the allowed intranet; refused by another origin; the editor is framed by none.
    expect(await framed(page, allowed.origin, link)).toEqual({ url: link, heading: 'Digitale dienstverlening 2027' });
    const refused = await framed(page, other.origin, link);
    expect(refused.url).toMatch(REFUSED);
    expect(refused.heading).not.toBe('Digitale dienstverlening 2027');
    expect((await framed(page, allowed.origin, `${world.server.url}/c/${canvas.id}`)).url).toMatch(REFUSED);

    // Taken down in the dialog: the address answers 404 at once, framed or not.
    await row.locator('[data-testid=unpublish]').click();
    await row.locator('[data-testid=unpublish-confirm]').click();
    await row.locator('[data-testid=publish]').waitFor();
    expect(await dialog.locator('[data-testid=dialog-status]').innerText()).toContain('ingetrokken');
    expect((await page.goto(link))!.status()).toBe(404);
    expect((await framed(page, allowed.origin, link)).heading).toBe('Deze pagina bestaat niet (meer)');
    await visitor.close();
    await fenna.close();
  });

  it('is in the canvas’s house style: its typeface loaded from the server, its colours and its logo, with no axe violations', async () => {
    const source = await world.server.createCanvas({ template: 'example' });
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const logo = await fetch(`${world.server.url}/api/canvases/${source.id}/logo`, {
      method: 'POST',
      headers: auth(source.tokens.facilitator),
      body: fs.readFileSync(path.join(import.meta.dirname, '../fixtures/style/logo.svg')),
    });
    expect(logo.status).toBe(200);
    const exported = (await (await fetch(`${world.server.url}/api/canvases/${source.id}/export`, { headers: auth(source.tokens.viewer) })).json()) as Record<string, unknown>;
    const style = { primaryColor: '#0b6e4f', accentColor: '#ffd166', typeface: 'notoSerif', logo: ((await logo.json()) as { logo: string }).logo };
    const imported = await fetch(`${world.server.url}/api/canvases/import`, { method: 'POST', body: JSON.stringify({ ...exported, style }), headers: { 'content-type': 'application/json' } });
    expect(imported.status).toBe(201);
    const canvas = (await imported.json()) as CreatedCanvas;
    const rotated = await fetch(`${world.server.url}/api/canvases/${canvas.id}/links/published/rotate`, { method: 'POST', headers: auth(canvas.tokens.facilitator) });
    const link = shareLinksSchema.parse(await rotated.json()).links.published!.replace(/^https?:\/\/[^/]+/, world.server.url);

    const visitor = await world.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await visitor.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.goto(link);
    await page.evaluate(() => document.fonts.ready);
    // The four faces come from the server's /assets (font-src 'self'); the page uses them.
    const faces = await page.evaluate(() => [...document.fonts].map((face) => `${face.family} ${face.weight} ${face.style} ${face.status}`));
    expect(faces).toEqual(expect.arrayContaining(['Noto Serif 400 normal loaded', 'Noto Serif 700 normal loaded', 'Noto Serif 400 italic loaded']));
    expect(await page.evaluate(() => document.fonts.check("16px 'Noto Serif'"))).toBe(true);
    expect(await page.locator('h2').first().evaluate((h) => getComputedStyle(h).color)).toBe('rgb(11, 110, 79)');
    const image = page.locator('img.logo');
    expect(await image.getAttribute('alt')).toBe('Logo');
    expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(refused).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/published-styled.png`, fullPage: true });
    await visitor.close();
  });

  it('the canvas menu lists JSON, Markdown, Word and PDF, and a viewer downloads the Word document', async () => {
    const canvas = await world.server.createCanvas({ template: 'example' });
    const mirjam = await personContext(world.browser, 'Mirjam');
    const viewer = await openCanvas(mirjam, world.server, canvas.links.viewer);
    await viewer.locator('[data-testid=canvas-menu]').click();
    const items = await viewer.locator('[role^=menuitem]').allInnerTexts();
    expect(items.filter((item) => item.startsWith('Exporteren als'))).toEqual([
      'Exporteren als JSON',
      'Exporteren als Markdown',
      'Exporteren als Word',
      'Exporteren als PDF',
    ]);
    const [download] = await Promise.all([viewer.waitForEvent('download'), viewer.locator('[data-testid=menu-export-word]').click()]);
    expect(download.suggestedFilename()).toBe('Digitale-dienstverlening-2027.docx');
    const docx = readDocx(new Uint8Array(fs.readFileSync((await download.path())!)));
    expect(docx.paragraphs[0]).toMatchObject({ style: 'Title', text: 'Digitale dienstverlening 2027' });
    await mirjam.close();
  });
});
