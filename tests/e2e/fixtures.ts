import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/testServer';
import { launchBrowser } from './browser';

/** A browser context for one person: their name is already remembered unless `name` is null. */
export async function personContext(browser: Browser, name: string | null, locale = 'nl-NL'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
  if (name) {
    await context.addInitScript((n) => window.localStorage.setItem('stip.name', n), name);
  }
  return context;
}

/** Opens a canvas link (from the API, on PUBLIC_URL or the request origin) on the test server. */
export async function openCanvas(context: BrowserContext, server: TestServer, link: string): Promise<Page> {
  const url = new URL(link);
  const page = await context.newPage();
  await page.goto(`${server.url}${url.pathname}${url.hash}`);
  await page.locator('[data-testid=a4-page]').waitFor();
  await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();
  return page;
}

/** Anna and Bram in the editor of a new blank canvas; `close` ends both their contexts. */
export async function twoEditors(world: E2eWorld) {
  const canvas = await world.server.createCanvas({ template: 'blank' });
  const anna = await personContext(world.browser, 'Anna');
  const bram = await personContext(world.browser, 'Bram');
  const pageA = await openCanvas(anna, world.server, canvas.links.editor);
  const pageB = await openCanvas(bram, world.server, canvas.links.editor);
  const close = async () => {
    await anna.close();
    await bram.close();
  };
  return { canvas, anna, pageA, pageB, close };
}

export function zoneEditor(page: Page, zone: 'horizon' | 'obstacles' | 'actions') {
  return page.locator(`[data-zone=${zone}] .zone-editor`);
}

/** A zone's text as written, without the name labels of other people's carets. */
export function zoneText(page: Page, zone: 'horizon' | 'obstacles' | 'actions'): Promise<string> {
  return zoneEditor(page, zone).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return (copy.textContent ?? '').trim();
  });
}

export interface E2eWorld {
  server: TestServer;
  browser: Browser;
}

/**
 * Starts a real server (temporary data dir) and the shared Chromium for the enclosing
 * `describe`, and stops both after it. Read the fields inside tests, not at collection time.
 * `env` gives the server's settings, read when it starts (after earlier `beforeAll`s ran).
 */
export function useServerAndBrowser(env: () => Record<string, string> = () => ({})): E2eWorld {
  const world = {} as E2eWorld;
  beforeAll(async () => {
    world.server = await startTestServer(env());
    world.browser = await launchBrowser();
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.server?.dispose();
  });
  return world;
}
