import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CreatedCanvas } from '../../shared/api';
import { pdfContains, readPdf } from '../helpers/pdfText';
import { axeViolations } from './axe';
import { openCanvas, personContext, useServerAndBrowser, zoneText } from './fixtures';

/** Set STIP_SCREENSHOTS=<dir> to keep a screenshot of every phase, in the editor and on the projector. */
const SHOTS = process.env.STIP_SCREENSHOTS;

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `rounds-${name}.png`), fullPage });
}

const panel = (page: Page) => page.locator('[data-testid=round-panel]');
const projectorRound = (page: Page) => page.locator('[data-testid=present-round]');

/**
 * Presses Tab until the focus is on `target`, as a keyboard-only person finds a control; out of
 * a text zone of the A4 with Escape first, as the page tells them (Tab indents or moves cells there).
 */
async function tabTo(page: Page, target: Locator | string, max = 300): Promise<void> {
  const locator = typeof target === 'string' ? page.locator(target) : target;
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    if (await page.evaluate(() => document.activeElement?.closest('[contenteditable=true]') != null)) await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** A card's text as labels cut it (RoundCard.tsx shortText). */
const short = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/** The card with `text` in a group's column, as the grouping shows it. */
const cardIn = (page: Page, group: string, text: string) =>
  panel(page).locator('[data-testid=round-group]', { has: page.getByRole('heading', { name: group }) }).locator('[data-testid=round-card]', { hasText: text });

/** A group's column (by its heading) on an editor page. */
const column = (page: Page, group: string): Locator => panel(page).locator('[data-testid=round-group]', { has: page.getByRole('heading', { name: group }) });

async function noViolations(pages: Record<string, Page>): Promise<void> {
  for (const [who, page] of Object.entries(pages)) expect(await axeViolations(page), who).toEqual([]);
}

/** A phase as the room sees it: no axe violations, the phone not scrolling sideways, screenshots. */
async function checkPhase(phase: string, pages: { facilitator: Page; phone: Page; projector: Page } & Record<string, Page>): Promise<void> {
  await noViolations(pages);
  expect(await pages.phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  for (const [who, page] of Object.entries(pages)) await shot(page, `${phase}-${who}`);
  await shot(pages.phone, `${phase}-phone-full`, true);
}

/** The on-screen font sizes (px) of the projector's round cards. */
function projectorCardSizes(page: Page): Promise<number[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-testid=present-round-card]')].map((el) => parseFloat(getComputedStyle(el).fontSize)));
}

const CARDS = {
  anna: ['Te weinig tijd naast het dagelijkse werk', 'Budget voor de pilot is op'],
  rude: 'Dit is allemaal onzin van de gemeente',
  bram: ['Geen budget voor extra mensen', 'Planning loopt steeds uit'],
  /** What Bram first writes, then edits into his second card. */
  bramDraft: 'Planning loopt uit',
  chris: ['Vergaderingen eten de week op'],
  dirk: ['Bestuur kiest nog geen richting', 'Te veel projecten tegelijk'],
};
const TIME = 'Tijdgebrek';
const MONEY = 'Geldzorgen';
const SUPPORT = 'Draagvlak bestuur';

describe('a round on obstacles, from question to A4: a facilitator, four participants (one on a phone, one by keyboard) and the projector', () => {
  const world = useServerAndBrowser();
  let canvas: CreatedCanvas;
  let facilitator: Page;
  let anna: Page;
  let bram: Page;
  let chris: Page;
  let dirk: Page;
  let projector: Page;
  let viewer: Page;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    canvas = await world.server.createCanvas({ template: 'blank', title: 'Ronde obstakels' });
    const person = async (name: string) => {
      const context = await personContext(world.browser, name);
      contexts.push(context);
      return context;
    };
    facilitator = await openCanvas(await person('Fenna Facilitator'), world.server, canvas.links.facilitator);
    anna = await openCanvas(await person('Anna'), world.server, canvas.links.editor);
    bram = await openCanvas(await person('Bram'), world.server, canvas.links.editor);
    const phone = await world.browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: 'nl-NL' });
    await phone.addInitScript(() => window.localStorage.setItem('stip.name', 'Chris'));
    chris = await openCanvas(phone, world.server, canvas.links.editor);
    dirk = await openCanvas(await person('Dirk'), world.server, canvas.links.editor);
    viewer = await openCanvas(await person('Vera Viewer'), world.server, canvas.links.viewer);
    const big = await world.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'nl-NL' });
    projector = await big.newPage();
    const present = new URL(canvas.links.present);
    await projector.goto(`${world.server.url}${present.pathname}${present.hash}`);
    await projector.locator('[data-testid=present][data-status=connected]').waitFor();
  });

  it('1. the facilitator starts a round on obstacles with the zone’s own question; everyone and the projector see it', async () => {
    await facilitator.locator('[data-testid=round-start]').click();
    const form = facilitator.locator('[data-testid=round-start-form]');
    await form.getByLabel('Zone').selectOption({ label: 'Obstakels' });
    await expect.poll(() => form.getByLabel('Vraag').inputValue()).toBe('Wat staat ons in de weg?');
    await expect.poll(() => form.getByLabel('Stemmen per persoon').inputValue()).toBe('5');
    await form.getByRole('button', { name: 'Start de ronde' }).click();

    for (const page of [facilitator, anna, bram, chris, dirk]) {
      await expect.poll(() => panel(page).getAttribute('data-phase')).toBe('write');
      await expect.poll(() => panel(page).locator('[data-testid=round-question]').innerText()).toBe('Wat staat ons in de weg?');
    }
    await expect.poll(() => projectorRound(projector).getAttribute('data-phase')).toBe('write');
    await expect.poll(() => projector.locator('#present-round-question').innerText()).toBe('Wat staat ons in de weg?');
    // Everyone who may take part has joined: the facilitator sees how many (not who).
    await expect.poll(() => facilitator.locator('[data-testid=round-participants]').innerText()).toBe('Deelnemers: 4');
    // A viewer watches: the question, no card to write, not counted.
    await expect.poll(() => panel(viewer).locator('[data-testid=round-question]').innerText()).toBe('Wat staat ons in de weg?');
    expect(await panel(viewer).innerText()).toContain('Je kijkt mee');
    expect(await panel(viewer).getByRole('button', { name: 'Kaart toevoegen' }).count()).toBe(0);
    // No round on the A4 itself.
    expect(await facilitator.locator('[data-testid=a4-page] [data-testid=round-panel]').count()).toBe(0);
  });

  it('2. write: private cards, counted for all; the phone and the keyboard write too; an author shows theirs early and the facilitator removes a rude one', async () => {
    const write = async (page: Page, text: string) => {
      await panel(page).getByLabel(/Nieuwe kaart/).fill(text);
      await panel(page).getByRole('button', { name: 'Kaart toevoegen' }).click();
      await expect.poll(() => panel(page).locator('[data-testid=round-my-card]', { hasText: text }).count()).toBe(1);
    };
    for (const text of [...CARDS.anna, CARDS.rude]) await write(anna, text);
    await write(bram, CARDS.bram[0]!);
    await write(bram, CARDS.bramDraft);
    // The phone: taps.
    await panel(chris).getByLabel(/Nieuwe kaart/).tap();
    await chris.keyboard.type(CARDS.chris[0]!);
    await panel(chris).getByRole('button', { name: 'Kaart toevoegen' }).tap();
    await expect.poll(() => panel(chris).locator('[data-testid=round-my-card]').count()).toBe(1);
    // The keyboard only: Tab to the field, type, Enter adds the card.
    await tabTo(dirk, '#round-card-draft');
    for (const text of CARDS.dirk) {
      await dirk.keyboard.type(text);
      await dirk.keyboard.press('Enter');
      await expect.poll(() => panel(dirk).locator('[data-testid=round-my-card]', { hasText: text }).count()).toBe(1);
    }
    // Bram edits his second card.
    await panel(bram).getByRole('button', { name: `Kaart bewerken: ${CARDS.bramDraft}` }).click();
    await panel(bram).getByLabel('Kaart bewerken', { exact: true }).fill(CARDS.bram[1]!);
    await panel(bram).getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => panel(bram).locator('[data-testid=round-my-card]').allInnerTexts()).toEqual([expect.stringContaining(CARDS.bram[0]!), expect.stringContaining(CARDS.bram[1]!)]);

    // Everyone sees how many, nobody sees another's card.
    for (const page of [facilitator, anna, bram, chris, dirk]) {
      await expect.poll(() => panel(page).locator('[data-testid=round-card-count]').innerText()).toBe('Kaarten geschreven: 8');
    }
    await expect.poll(() => projector.locator('[data-testid=present-round-count]').innerText()).toBe('Kaarten geschreven: 8');
    expect(await panel(bram).innerText()).not.toContain(CARDS.anna[0]);
    expect(await panel(facilitator).innerText()).not.toContain(CARDS.dirk[0]);

    // Anna shows hers early: now the others read them, and the facilitator takes the rude one away.
    await panel(anna).getByRole('button', { name: 'Mijn kaarten nu al laten zien' }).click();
    await expect.poll(() => panel(bram).locator('[data-testid=round-others-cards]').innerText()).toContain(CARDS.rude);
    await panel(facilitator).getByRole('button', { name: `Kaart verwijderen: ${short(CARDS.rude)}` }).click();
    await expect.poll(() => panel(anna).locator('[data-testid=round-my-card]').count()).toBe(2);
    await expect.poll(() => panel(dirk).locator('[data-testid=round-card-count]').innerText()).toBe('Kaarten geschreven: 7');
    await expect.poll(() => projector.locator('[data-testid=present-round-card]').count()).toBe(2);

    await checkPhase('1-write', { facilitator, anna, phone: chris, dirk, projector });
  });

  it('3. reveal and group: every card for everyone, anonymous; grouped by form, menu, phone, keyboard drag and mouse drag', async () => {
    await panel(facilitator).getByRole('button', { name: 'Alles onthullen en groeperen' }).click();
    const all = [...CARDS.anna, ...CARDS.bram, ...CARDS.chris, ...CARDS.dirk];
    for (const page of [facilitator, anna, bram, chris, dirk]) {
      await expect.poll(() => panel(page).getAttribute('data-phase')).toBe('group');
      await expect.poll(() => panel(page).locator('[data-testid=round-card]').count()).toBe(7);
    }
    await expect.poll(() => projector.locator('[data-testid=present-round-card]').count()).toBe(7);
    // The viewer reads the cards but cannot move them.
    await expect.poll(() => panel(viewer).locator('[data-testid=round-card]').count()).toBe(7);
    expect(await panel(viewer).locator('[data-testid=round-drag], [data-testid=round-move]').count()).toBe(0);
    // Anonymous: no names on the cards.
    expect(await panel(bram).locator('.round-card__author').count()).toBe(0);

    // Anna makes two groups by name.
    for (const name of [TIME, MONEY]) {
      await panel(anna).getByLabel('Naam van een nieuwe groep').fill(name);
      await panel(anna).getByRole('button', { name: 'Groep maken' }).click();
      await expect.poll(() => column(bram, name).count()).toBe(1);
    }
    // Bram with the menu on a card.
    await panel(bram).getByLabel(`Naar groep: ${short(CARDS.bram[0]!)}`).selectOption({ label: MONEY });
    await panel(bram).getByRole('button', { name: `Verplaats: ${short(CARDS.bram[0]!)}` }).click();
    await panel(bram).getByLabel(`Naar groep: ${short(CARDS.anna[1]!)}`).selectOption({ label: MONEY });
    await panel(bram).getByRole('button', { name: `Verplaats: ${short(CARDS.anna[1]!)}` }).click();
    await panel(bram).getByLabel(`Naar groep: ${short(CARDS.bram[1]!)}`).selectOption({ label: TIME });
    await panel(bram).getByRole('button', { name: `Verplaats: ${short(CARDS.bram[1]!)}` }).click();
    // Chris on the phone, with the same menu.
    await panel(chris).getByLabel(`Naar groep: ${short(CARDS.chris[0]!)}`).selectOption({ label: TIME });
    await panel(chris).getByRole('button', { name: `Verplaats: ${short(CARDS.chris[0]!)}` }).tap();
    await expect.poll(() => cardIn(anna, TIME, CARDS.chris[0]!).count()).toBe(1);

    // Dirk by keyboard: a new group from his card's menu, renamed; then a card dragged with the keys.
    const menu = panel(dirk).getByLabel(`Naar groep: ${short(CARDS.dirk[0]!)}`);
    await tabTo(dirk, menu);
    // Arrows through the menu move nothing; the button does. The last option is "new group".
    for (let i = 0; i < 3; i++) await dirk.keyboard.press('ArrowDown');
    expect(await menu.inputValue()).toBe('+new');
    expect(await cardIn(anna, 'Nog niet gegroepeerd', CARDS.dirk[0]!).count()).toBe(1);
    await dirk.keyboard.press('Tab');
    await dirk.keyboard.press('Enter');
    await expect.poll(() => cardIn(dirk, 'Groep 3', CARDS.dirk[0]!).count()).toBe(1);
    await tabTo(dirk, panel(dirk).getByRole('button', { name: 'Naam wijzigen: Groep 3' }));
    await dirk.keyboard.press('Enter');
    await dirk.keyboard.press('Control+A');
    await dirk.keyboard.type(SUPPORT);
    await dirk.keyboard.press('Enter');
    await expect.poll(() => column(anna, SUPPORT).count()).toBe(1);
    // Space picks the card up, the arrows go from group to group (loose, then Tijdgebrek), space drops it.
    await tabTo(dirk, panel(dirk).getByRole('button', { name: `Kaart verslepen: ${short(CARDS.dirk[1]!)}` }));
    // The drag says where the card is, in Dutch (dnd-kit's live region).
    const live = () => dirk.evaluate(() => [...document.querySelectorAll('[id^=DndLiveRegion]')].map((region) => region.textContent).join(' '));
    await dirk.keyboard.press('Space');
    await expect.poll(live).toContain('Boven Nog niet gegroepeerd.');
    await dirk.keyboard.press('ArrowDown');
    await expect.poll(live).toContain(`Boven ${TIME}.`);
    await dirk.keyboard.press('Space');
    await expect.poll(() => cardIn(facilitator, TIME, CARDS.dirk[1]!).count()).toBe(1);
    // The focus goes with the card into its group.
    await expect.poll(() => dirk.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Kaart verslepen: ${short(CARDS.dirk[1]!)}`);

    // Anna with the mouse (or a trackpad): the handle dragged onto Tijdgebrek.
    const handle = panel(anna).getByRole('button', { name: `Kaart verslepen: ${short(CARDS.anna[0]!)}` });
    const from = (await handle.boundingBox())!;
    const to = (await column(anna, TIME).boundingBox())!;
    await anna.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await anna.mouse.down();
    for (let step = 1; step <= 12; step++) {
      await anna.mouse.move(from.x + from.width / 2 + ((to.x + 40 - from.x) * step) / 12, from.y + from.height / 2 + ((to.y + 20 - from.y) * step) / 12);
      await anna.waitForTimeout(20);
    }
    await anna.mouse.up();
    await expect.poll(() => cardIn(bram, TIME, CARDS.anna[0]!).count()).toBe(1);

    // Every card in a group, on every screen and the projector.
    await expect.poll(() => column(chris, 'Nog niet gegroepeerd').locator('[data-testid=round-card]').count()).toBe(0);
    await expect.poll(() => projector.locator('[data-testid=present-round-group]').count()).toBe(3);
    expect(await projector.locator('.present-round__group--loose').count()).toBe(0);
    for (const size of await projectorCardSizes(projector)) expect(size).toBeGreaterThanOrEqual(24);
    for (const text of all) expect(await projectorRound(projector).innerText()).toContain(text);

    // The facilitator may show names for this round.
    await panel(facilitator).getByLabel('Namen tonen').check();
    await expect.poll(() => cardIn(anna, MONEY, CARDS.bram[0]!).innerText()).toContain('door Bram');
    await panel(facilitator).getByLabel('Namen tonen').uncheck();
    await expect.poll(() => panel(anna).locator('.round-card__author').count()).toBe(0);

    await checkPhase('2-group', { facilitator, anna, phone: chris, dirk, projector });
  });

  it('4. vote: a budget of 5, at most 3 on a group, "x van 5 over" announced; hidden until closed; the facilitator sees how many are done', async () => {
    await panel(facilitator).getByRole('button', { name: 'Naar stemmen' }).click();
    for (const page of [anna, bram, chris, dirk]) {
      await expect.poll(() => panel(page).locator('[data-testid=round-votes-left]').innerText()).toBe('5 van 5 over');
    }
    expect(await panel(anna).locator('[data-testid=round-votes-left]').getAttribute('role')).toBe('status');
    await expect.poll(() => projectorRound(projector).getAttribute('data-phase')).toBe('vote');
    // The facilitator does not vote (by default) but sees the count.
    expect(await panel(facilitator).locator('[data-testid=round-vote-plus]').count()).toBe(0);
    await expect.poll(() => panel(facilitator).locator('[data-testid=round-finished]').innerText()).toBe('Klaar met stemmen: 0 van 4');

    const vote = async (page: Page, group: string, times: number, tap = false) => {
      const plus = panel(page).getByRole('button', { name: `Stem op ${group}` });
      for (let i = 0; i < times; i++) {
        const before = await panel(page).locator('[data-testid=round-votes-left]').innerText();
        if (tap) await plus.tap();
        else await plus.click();
        await expect.poll(() => panel(page).locator('[data-testid=round-votes-left]').innerText()).not.toBe(before);
      }
    };
    await vote(anna, TIME, 3);
    // Three on one group is the most.
    expect(await panel(anna).getByRole('button', { name: `Stem op ${TIME}` }).getAttribute('aria-disabled')).toBe('true');
    await vote(anna, MONEY, 2);
    await expect.poll(() => panel(anna).locator('[data-testid=round-votes-left]').innerText()).toBe('0 van 5 over');
    expect(await panel(anna).getByRole('button', { name: `Stem op ${SUPPORT}` }).getAttribute('aria-disabled')).toBe('true');
    // A used-up button changes nothing, and the focus stays on it.
    await panel(anna).getByRole('button', { name: `Stem op ${SUPPORT}` }).focus();
    await anna.keyboard.press('Enter');
    await anna.waitForTimeout(300);
    await expect.poll(() => panel(anna).locator('[data-testid=round-votes-left]').innerText()).toBe('0 van 5 over');
    expect(await anna.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Stem op ${SUPPORT}`);
    // A vote taken back and given again.
    await panel(anna).getByRole('button', { name: `Stem terug van ${MONEY}` }).click();
    await expect.poll(() => panel(anna).locator('[data-testid=round-votes-left]').innerText()).toBe('1 van 5 over');
    await vote(anna, MONEY, 1);
    await vote(bram, MONEY, 3);
    await vote(bram, TIME, 1);
    await vote(chris, TIME, 2, true);
    await vote(chris, SUPPORT, 1, true);
    // Dirk by keyboard: Tab to the buttons, Enter.
    await tabTo(dirk, panel(dirk).getByRole('button', { name: `Stem op ${TIME}` }));
    await dirk.keyboard.press('Enter');
    await expect.poll(() => panel(dirk).locator('[data-testid=round-votes-left]').innerText()).toBe('4 van 5 over');
    await tabTo(dirk, panel(dirk).getByRole('button', { name: `Stem op ${SUPPORT}` }));
    await dirk.keyboard.press('Enter');
    await expect.poll(() => panel(dirk).locator('[data-testid=round-votes-left]').innerText()).toBe('3 van 5 over');

    // Nobody sees totals yet.
    for (const page of [facilitator, anna, projector]) expect(await page.locator('text=/Stemmen: \\d/').count()).toBe(0);

    await checkPhase('3-vote', { facilitator, anna, phone: chris, dirk, projector });
    await panel(anna).getByRole('button', { name: 'Klaar', exact: true }).click();
    await panel(bram).getByRole('button', { name: 'Klaar', exact: true }).click();
    await panel(chris).getByRole('button', { name: 'Klaar', exact: true }).tap();
    await tabTo(dirk, '[data-testid=round-vote-done]');
    await dirk.keyboard.press('Enter');
    await expect.poll(() => panel(facilitator).locator('[data-testid=round-finished]').innerText()).toBe('Klaar met stemmen: 4 van 4');
    await expect.poll(() => projector.locator('[data-testid=present-round-finished]').innerText()).toBe('Klaar met stemmen: 4 van 4');
    for (const size of await projectorCardSizes(projector)) expect(size).toBeGreaterThanOrEqual(24);

    await checkPhase('3-vote-done', { facilitator, anna, phone: chris, dirk, projector });
  });

  it('5. results: groups by votes with a bar on the projector; the facilitator puts two onto the A4, which Stip writes into the zone', async () => {
    await panel(facilitator).getByRole('button', { name: 'Stemmen sluiten' }).click();
    const order = (page: Page) => page.locator('[data-testid=round-result] .round-result__name').allInnerTexts();
    await expect.poll(() => order(anna)).toEqual([TIME, MONEY, SUPPORT]);
    expect(await panel(anna).locator('[data-testid=round-result]').first().innerText()).toContain('Stemmen: 7');
    await expect.poll(() => projector.locator('.present-round__result-name').allInnerTexts()).toEqual([TIME, MONEY, SUPPORT]);
    expect(await projector.locator('.present-round__votes').allInnerTexts()).toEqual(['Stemmen: 7', 'Stemmen: 5', 'Stemmen: 2']);
    const bars = await projector.locator('.present-round__bar span').evaluateAll((spans) => spans.map((s) => (s as HTMLElement).getBoundingClientRect().width));
    expect(bars[0]).toBeGreaterThan(bars[1]!);
    expect(bars[1]).toBeGreaterThan(bars[2]!);
    // Only the facilitator picks.
    expect(await panel(anna).locator('[data-testid=round-pick]').count()).toBe(0);

    await checkPhase('4-results', { facilitator, anna, phone: chris, projector });

    await panel(facilitator).getByLabel(TIME, { exact: true }).check();
    await panel(facilitator).getByLabel(MONEY, { exact: true }).check();
    await panel(facilitator).getByRole('button', { name: 'Op het A4 zetten' }).click();
    for (const page of [facilitator, anna, chris]) {
      await expect.poll(() => zoneText(page, 'obstacles')).toContain(TIME);
      await expect.poll(() => zoneText(page, 'obstacles')).toContain(MONEY);
      expect(await zoneText(page, 'obstacles')).not.toContain(SUPPORT);
      await expect.poll(() => panel(page).count()).toBe(0);
    }
    await expect.poll(() => projectorRound(projector).count()).toBe(0);
  });

  it('6. the closed round stays readable under its zone, collapsed; it is nowhere in the print view or the PDF', async () => {
    const chip = facilitator.locator('[data-zone=obstacles] [data-testid=zone-rounds]');
    await expect.poll(() => chip.innerText()).toBe('1 ronde');
    await chip.click();
    const history = panel(facilitator).locator('[data-testid=round-history]');
    await expect.poll(() => history.locator('details').count()).toBe(1);
    expect(await history.locator('details').getAttribute('open')).toBeNull();
    await history.locator('summary').click();
    await expect.poll(() => history.locator('[data-testid=round-result]').count()).toBe(3);
    expect(await history.innerText()).toContain('Op het A4');
    await noViolations({ facilitator });
    await shot(facilitator, '5-history-facilitator');
    // The same in English.
    await facilitator.getByLabel('Taal van de app').selectOption('en');
    await expect.poll(() => chip.innerText()).toBe('1 round');
    await expect.poll(() => panel(facilitator).locator('#round-panel-title').textContent()).toBe('Earlier rounds on Obstacles');
    expect(await history.innerText()).toContain('Votes: 7');
    await noViolations({ facilitator });
    await shot(facilitator, '5-history-facilitator-en');
    await facilitator.getByLabel('App language').selectOption('nl');
    await shot(projector, '5-after-projector');

    // The print view holds the A4 only.
    const printPage = await contexts[0]!.newPage();
    const url = new URL(canvas.links.facilitator);
    await printPage.goto(`${world.server.url}${url.pathname}/print${url.hash}`);
    await printPage.locator('[data-testid=a4-page]').waitFor();
    await expect.poll(() => printPage.locator('[data-testid=a4-page]').innerText()).toContain(TIME);
    expect(await printPage.locator('[data-testid=round-panel], [data-testid=zone-rounds]').count()).toBe(0);
    // On screen the chip is there, in print it is not shown.
    await facilitator.emulateMedia({ media: 'print' });
    expect(await chip.isVisible()).toBe(false);
    expect(await panel(facilitator).isVisible()).toBe(false);
    await facilitator.emulateMedia({ media: 'screen' });

    const response = await fetch(`${world.server.url}/api/canvases/${canvas.id}/pdf?token=${canvas.tokens.viewer}`);
    expect(response.status).toBe(200);
    const { text } = await readPdf(new Uint8Array(await response.arrayBuffer()));
    expect(pdfContains(text, TIME)).toBe(true);
    expect(pdfContains(text, MONEY)).toBe(true);
    expect(pdfContains(text, SUPPORT)).toBe(false);
    // The obstacles zone takes the groups' names: no card, and least of all one not chosen.
    for (const card of [...CARDS.dirk, CARDS.rude, ...CARDS.bram]) expect(pdfContains(text, card), card).toBe(false);
  });
});
