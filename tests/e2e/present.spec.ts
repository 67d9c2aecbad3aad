import fs from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CreatedCanvas } from '../../shared/api';
import { startTimer } from '../../shared/session';
import { connectClient } from '../helpers/collabClient';
import { axeViolations } from './axe';
import { openCanvas, personContext, useServerAndBrowser, zoneEditor } from './fixtures';

/** The projector's clock runs this far ahead: the shared timer must not care. */
const CLOCK_SHIFT_MS = 5 * 60_000;
/** Set STIP_SCREENSHOTS=<dir> to keep screenshots of the projector and the phone to look at. */
const SHOTS = process.env.STIP_SCREENSHOTS;

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** A browser whose Date runs `shift` ms off, as a laptop with a wrong clock. */
async function shiftClock(context: BrowserContext, shift: number): Promise<void> {
  await context.addInitScript((ms) => {
    const RealDate = Date;
    const realNow = RealDate.now.bind(RealDate);
    class ShiftedDate extends RealDate {
      constructor(...args: ConstructorParameters<typeof Date> | []) {
        if (args.length === 0) super(realNow() + ms);
        else super(...(args as ConstructorParameters<typeof Date>));
      }
      static override now() {
        return realNow() + ms;
      }
    }
    window.Date = ShiftedDate as DateConstructor;
  }, shift);
}

async function openPresent(context: BrowserContext, server: { url: string }, link: string): Promise<Page> {
  const url = new URL(link);
  const page = await context.newPage();
  await page.goto(`${server.url}${url.pathname}${url.hash}`);
  await page.locator('[data-testid=a4-page]').waitFor();
  await page.locator('[data-testid=present][data-status=connected]').waitFor();
  return page;
}

/** A zone's box on screen, once the zoom has come to rest. */
async function settledBox(zone: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  let last = await zone.boundingBox();
  for (let i = 0; i < 40; i++) {
    await zone.page().waitForTimeout(100);
    const next = await zone.boundingBox();
    if (last && next && Math.abs(next.width - last.width) < 0.5 && Math.abs(next.x - last.x) < 0.5 && Math.abs(next.y - last.y) < 0.5) return next;
    last = next;
  }
  throw new Error('the zone did not come to rest');
}

/** The on-screen size in px of text in `locator`: its font size times the projector's zoom. */
function screenFontSize(page: Page, selector: string): Promise<number[]> {
  return page.evaluate((sel) => {
    const scale = Number(document.querySelector<HTMLElement>('[data-testid=present-camera]')!.dataset.scale);
    return [...document.querySelectorAll<HTMLElement>(sel)].map((el) => parseFloat(getComputedStyle(el).fontSize) * scale);
  }, selector);
}

function remainingMs(page: Page): Promise<number> {
  return page.locator('[data-testid=timer] [role=timer]').getAttribute('data-remaining-ms').then(Number);
}

describe('running a workshop: presence, projector, spotlight, timer, QR code, phone', () => {
  const world = useServerAndBrowser();
  let canvas: CreatedCanvas;
  let facilitator: Page;
  let participant: Page;
  let projector: Page;

  beforeAll(async () => {
    canvas = await world.server.createCanvas({ template: 'example' });
    facilitator = await openCanvas(await personContext(world.browser, 'Fenna Facilitator'), world.server, canvas.links.facilitator);
    participant = await openCanvas(await personContext(world.browser, 'Pieter Jansen'), world.server, canvas.links.editor);
    const projectorContext = await world.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'nl-NL' });
    await shiftClock(projectorContext, CLOCK_SHIFT_MS);
    // Counts the sounds the projector makes (each chime is one AudioContext).
    await projectorContext.addInitScript(() => {
      const Real = window.AudioContext;
      const counter = window as unknown as { chimes: number };
      counter.chimes = 0;
      window.AudioContext = class extends Real {
        constructor(options?: AudioContextOptions) {
          super(options);
          counter.chimes += 1;
        }
      };
    });
    projector = await openPresent(projectorContext, world.server, canvas.links.present);
  });

  it('shows the canvas live on the projector, large and without editing chrome; both names in the list of people', async () => {
    await zoneEditor(participant, 'obstacles').click();
    await participant.keyboard.press('Control+End');
    await participant.keyboard.press('Enter');
    await participant.keyboard.type('Te weinig tijd voor de pilot', { delay: 5 });
    await expect.poll(() => projector.locator('[data-zone=obstacles] .zone-editor').innerText(), { timeout: 5000 }).toContain('Te weinig tijd voor de pilot');

    // From the back of the room: at 1920x1080 every zone heading is at least 24 px.
    const headings = await screenFontSize(projector, '.zone__heading');
    expect(headings).toHaveLength(4);
    for (const size of headings) expect(size).toBeGreaterThanOrEqual(24);
    for (const box of await Promise.all((await projector.locator('.zone__heading').all()).map((h) => h.boundingBox()))) {
      expect(box!.height).toBeGreaterThanOrEqual(24);
    }
    // Letterboxed: the whole A4 on screen, centred.
    const pageBox = (await projector.locator('[data-testid=a4-page]').boundingBox())!;
    expect(pageBox.y).toBeGreaterThanOrEqual(0);
    expect(pageBox.y + pageBox.height).toBeLessThanOrEqual(1080);
    expect(Math.abs(pageBox.x + pageBox.width / 2 - 960)).toBeLessThan(2);
    // No editing chrome, nothing editable.
    expect(await projector.locator('.topbar, .toolbar, .zone-button').count()).toBe(0);
    expect(await projector.locator('[contenteditable=true]').count()).toBe(0);

    // Remote carets are off by default and come with the toggle.
    const caret = projector.locator('[data-zone=obstacles] .collaboration-carets__caret');
    await expect.poll(() => caret.count(), { timeout: 5000 }).toBeGreaterThan(0);
    expect(await caret.first().isVisible()).toBe(false);
    await projector.locator('[data-testid=toggle-carets]').click();
    expect(await caret.first().isVisible()).toBe(true);
    await projector.locator('[data-testid=toggle-carets]').click();

    // The participant is in the obstacles: the facilitator sees a marker there, and both names.
    await expect.poll(() => facilitator.locator('[data-testid=zone-markers-obstacles]').getAttribute('aria-label'), { timeout: 5000 }).toContain('Pieter Jansen');
    for (const page of [facilitator, participant]) {
      await page.locator('[data-testid=presence-toggle]').click();
      const list = page.locator('[data-testid=presence-list]');
      await expect.poll(() => list.innerText(), { timeout: 5000 }).toMatch(/Fenna Facilitator[\s\S]*Pieter Jansen|Pieter Jansen[\s\S]*Fenna Facilitator/);
      expect(await list.innerText()).toMatch(/Pieter Jansen( \(jij\))?\s+in Obstakels/);
      await page.keyboard.press('Escape');
      expect(await list.isVisible()).toBe(false);
    }
    await projector.mouse.move(5, 5);
    await projector.waitForTimeout(3800); // the controls fade out
    await shot(projector, 'present-light');
  });

  it('zooms the projector to the facilitator’s spotlight while the participant sees it highlighted', async () => {
    const obstacles = projector.locator('[data-zone=obstacles]');
    const before = await settledBox(obstacles);
    expect(before.width).toBeLessThan(800);

    await facilitator.locator('[data-testid=spotlight-picker]').selectOption('obstacles');
    await expect.poll(() => projector.locator('[data-testid=a4-page]').getAttribute('data-spotlight'), { timeout: 5000 }).toBe('obstacles');
    // The camera moves a frame or more after the attribute (longer on a busy machine): wait for
    // the zoom to begin before waiting for it to come to rest.
    await expect.poll(async () => (await obstacles.boundingBox())?.width ?? 0, { timeout: 5000 }).toBeGreaterThan(1600);
    const zoomed = await settledBox(obstacles);
    expect(zoomed.width).toBeGreaterThan(1600);
    expect(Math.abs(zoomed.x + zoomed.width / 2 - 960)).toBeLessThan(4);
    expect(zoomed.y).toBeGreaterThanOrEqual(0);
    expect(zoomed.y + zoomed.height).toBeLessThanOrEqual(1080);
    for (const size of await screenFontSize(projector, '[data-zone=obstacles] .zone-editor li, [data-zone=obstacles] .zone-editor p')) {
      expect(size).toBeGreaterThanOrEqual(28);
    }
    await shot(projector, 'present-spotlight');

    // The participant's editor marks the zone and offers to go there.
    await participant.locator('[data-testid=a4-page][data-spotlight=obstacles]').waitFor();
    expect(await participant.locator('[data-zone=obstacles]').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    expect(await participant.locator('[data-testid=spotlight-notice]').innerText()).toContain('Obstakels');
    await shot(participant, 'editor-participant-spotlight');
    await participant.locator('[data-zone=horizon] .zone-editor').click();
    await participant.locator('[data-testid=go-to-spotlight]').click();
    await expect.poll(() => participant.evaluate(() => document.activeElement?.closest('[data-zone]')?.getAttribute('data-zone'))).toBe('obstacles');

    // The projector's own keys: 4 for the action plan, 0 for the whole page.
    await projector.keyboard.press('4');
    await expect.poll(() => facilitator.locator('[data-testid=spotlight-picker]').inputValue(), { timeout: 5000 }).toBe('actions');
    const actions = projector.locator('[data-zone=actions]');
    await expect.poll(async () => (await actions.boundingBox())?.width ?? 0, { timeout: 5000 }).toBeGreaterThan(1200);
    expect((await settledBox(actions)).width).toBeGreaterThan(1200);
    await projector.keyboard.press('0');
    await expect.poll(() => participant.locator('[data-testid=a4-page]').getAttribute('data-spotlight'), { timeout: 5000 }).toBeNull();
    await expect.poll(async () => (await obstacles.boundingBox())?.width ?? 0, { timeout: 5000 }).toBeLessThan(before.width + 1);
    expect((await settledBox(obstacles)).width).toBeCloseTo(before.width, 0);
  });

  it('shows the same remaining time on all three screens, though the projector’s clock is five minutes ahead', async () => {
    // The shift is real: without the server's clock the projector would show 0:00.
    const skew = (await projector.evaluate(() => Date.now())) - Date.now();
    expect(skew).toBeGreaterThan(CLOCK_SHIFT_MS - 1000);

    await facilitator.locator('[data-testid=timer-start-5]').click();
    const pages = [facilitator, participant, projector];
    for (const page of pages) await page.locator('[data-testid=timer][data-state=running]').waitFor({ timeout: 5000 });
    for (let round = 0; round < 3; round++) {
      const left = await Promise.all(pages.map(remainingMs));
      for (const ms of left) expect(ms).toBeGreaterThan(4 * 60_000);
      expect(Math.max(...left) - Math.min(...left), `remaining: ${left.join(', ')}`).toBeLessThanOrEqual(1000);
      const shown = await Promise.all(pages.map((p) => p.locator('[data-testid=timer] [role=timer]').innerText()));
      expect(shown.every((s) => /^4:5\d$|^5:00$/.test(s)), shown.join(', ')).toBe(true);
      await projector.waitForTimeout(700);
    }

    if (SHOTS) {
      await projector.mouse.move(5, 5);
      await projector.waitForTimeout(3800); // the controls fade out
      await shot(projector, 'present-timer');
      await shot(facilitator, 'editor-facilitator-timer');
    }

    await facilitator.locator('[data-testid=timer-pause]').click();
    for (const page of pages) await page.locator('[data-testid=timer][data-state=paused]').waitFor({ timeout: 5000 });
    const paused = await Promise.all(pages.map(remainingMs));
    expect(new Set(paused).size).toBe(1);
    await facilitator.locator('[data-testid=timer-resume]').click();
    await projector.locator('[data-testid=timer][data-state=running]').waitFor({ timeout: 5000 });
    await facilitator.locator('[data-testid=timer-stop]').click();
    for (const page of pages) await expect.poll(() => page.locator('[data-testid=timer]').count(), { timeout: 5000 }).toBe(0);
  });

  it('signals the end gently: a chime on the projector, "time is up" on every screen and to screen readers', async () => {
    // A facilitator's connection outside the browsers starts a short countdown.
    const remote = connectClient(world.server.url, canvas.id, canvas.tokens.facilitator);
    await remote.synced;
    startTimer(remote.doc, 2000, Date.now());
    const pages = [facilitator, participant, projector];
    for (const page of pages) await page.locator('[data-testid=timer][data-state=done]').waitFor({ timeout: 6000 });
    for (const page of pages) expect(await page.locator('[data-testid=timer]').innerText()).toMatch(/De tijd is om\s*0:00/i);
    await expect.poll(() => participant.locator('[data-testid=session-announcer]').innerText(), { timeout: 3000 }).toBe('De tijd is om.');
    await expect.poll(() => projector.evaluate(() => (window as unknown as { chimes: number }).chimes)).toBe(1);
    // The editors stay quiet: a dozen laptops chiming at once is not gentle.
    expect(await participant.evaluate(() => typeof (window as unknown as { chimes?: number }).chimes)).toBe('undefined');
    remote.destroy();
    await facilitator.locator('[data-testid=timer-stop]').click();
    for (const page of pages) await expect.poll(() => page.locator('[data-testid=timer]').count(), { timeout: 5000 }).toBe(0);
  });

  it('shows a QR code on the projector that decodes to the participants’ link', async () => {
    await projector.locator('[data-testid=join-qr]').waitFor();
    const png = PNG.sync.read(await projector.screenshot());
    const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
    expect(code?.data).toBe(canvas.links.editor);
    expect(await projector.locator('[data-testid=join-link]').innerText()).toBe(canvas.links.editor.replace(/^https?:\/\//, ''));
    // The facilitator can hide it.
    await projector.locator('[data-testid=toggle-qr]').click();
    expect(await projector.locator('[data-testid=join-qr]').count()).toBe(0);
    await projector.locator('[data-testid=toggle-qr]').click();
    await projector.locator('[data-testid=join-qr]').waitFor();
  });

  it('has a dark theme, and no axe violations at WCAG 2.1 AA in either theme', async () => {
    await projector.locator('[data-testid=present-controls]').hover(); // not mid-fade: axe would measure a half-transparent bar
    expect(await axeViolations(projector)).toEqual([]);
    await projector.locator('[data-testid=toggle-dark]').click();
    await projector.locator('[data-testid=present][data-theme=dark]').waitFor();
    expect(await projector.locator('[data-testid=a4-page]').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(17, 24, 32)');
    await projector.locator('[data-testid=present-controls]').hover(); // not mid-fade: axe would measure a half-transparent bar
    expect(await axeViolations(projector)).toEqual([]);
    await projector.mouse.move(5, 5);
    await projector.waitForTimeout(3300);
    await shot(projector, 'present-dark');
  });

  it('gives a viewer’s projector link the live canvas, read-only, without QR code or controls (English UI)', async () => {
    const context = await world.browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-GB' });
    const viewerLink = canvas.links.viewer.replace(`/c/${canvas.id}#`, `/c/${canvas.id}/present#`);
    const page = await openPresent(context, world.server, viewerLink);
    expect(await page.locator('[data-testid=join-panel], [data-testid=spotlight-picker], [data-testid=timer-controls], [data-testid=toggle-qr]').count()).toBe(0);
    await page.keyboard.press('2');
    await page.waitForTimeout(300);
    expect(await facilitator.locator('[data-testid=spotlight-picker]').inputValue()).toBe('');
    await zoneEditor(facilitator, 'horizon').click();
    await facilitator.keyboard.press('Control+End');
    await facilitator.keyboard.type(' Live!');
    await expect.poll(() => page.locator('[data-zone=horizon] .zone-editor').innerText(), { timeout: 5000 }).toContain('Live!');
    await page.locator('[data-testid=present-controls]').hover();
    expect(await axeViolations(page)).toEqual([]);
    // Escape leaves the projector view for the canvas itself.
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => !url.pathname.endsWith('/present'));
    expect(new URL(page.url()).pathname).toBe(`/c/${canvas.id}`);
    await context.close();
  });

  it('shows the zones one below the other on a phone (390x844), without horizontal scrolling, still live', async () => {
    const context = await world.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL', isMobile: true, hasTouch: true });
    await context.addInitScript(() => window.localStorage.setItem('stip.name', 'Mo Telefoon'));
    const phone = await openCanvas(context, world.server, canvas.links.editor);
    const boxes = await Promise.all(['horizon', 'obstacles', 'pillars', 'actions'].map((zone) => phone.locator(`[data-zone=${zone}]`).boundingBox()));
    for (const box of boxes) {
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.x).toBeGreaterThanOrEqual(0);
    }
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.y).toBeGreaterThan(boxes[i - 1]!.y + boxes[i - 1]!.height - 1);
    // The pillars stack too, and body text is readable without zooming.
    const pillars = await phone.locator('.pillar').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().x));
    expect(new Set(pillars.map(Math.round)).size).toBe(1);
    expect(await zoneEditor(phone, 'obstacles').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
    const overflow = () => phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);

    await zoneEditor(participant, 'obstacles').click();
    await participant.keyboard.press('Control+End');
    await participant.keyboard.type(' (ook op de telefoon)');
    await expect.poll(() => zoneEditor(phone, 'obstacles').innerText(), { timeout: 5000 }).toContain('(ook op de telefoon)');
    await expect.poll(() => phone.locator('[data-testid=presence] li').count(), { timeout: 5000 }).toBe(3);
    await phone.locator('[data-testid=presence-toggle]').click();
    expect(await overflow()).toBe(0);
    await phone.keyboard.press('Escape');
    await shot(phone, 'phone');
    await context.close();
  });
});
