import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedCanvas } from '../../shared/api';
import { MessageType, type StipClientMessage, type StipMessage } from '../../shared/protocol';
import type { RoundError, RoundView } from '../../shared/rounds';
import { decodeStipMessage, encodeStipMessage } from '../../shared/stipMessages';
import { waitFor } from '../helpers/collabClient';
import { pdfContains, readPdf } from '../helpers/pdfText';
import { rawSocket, syncStep1Frame, type RawSocket } from '../helpers/rawFrames';
import { startTestServer, type TestServer } from '../helpers/testServer';

/**
 * A participant's browser as the server sees it: a bare WebSocket with `stip=1` and a token,
 * keeping every frame it receives (to search the bytes) and the Stip messages among them.
 */
interface Browser {
  raw: RawSocket;
  messages: StipMessage[];
  send(message: StipClientMessage): void;
  /** The latest `rounds` message's open round (the last one), once it satisfies `check`. */
  round(check?: (round: RoundView) => boolean): Promise<RoundView>;
  /** Sends `command` and waits for its refusal. */
  refused(command: StipClientMessage): Promise<RoundError>;
  /** Every byte received so far, as one buffer. */
  bytes(): Buffer;
  close(): Promise<void>;
}

let server: TestServer;
let canvas: CreatedCanvas;

async function browser(token: string, hello?: { key: string; name: string }, params = 'stip=1'): Promise<Browser> {
  const raw = rawSocket(`${server.url.replace('http', 'ws')}/collab/${canvas.id}?token=${token}&${params}`);
  await raw.opened;
  const messages: StipMessage[] = [];
  raw.ws.on('message', (data: Buffer) => {
    if (data[0] !== MessageType.stip) return;
    const decoded = decodeStipMessage(new Uint8Array(data));
    if (!decoded.ok) throw new Error(decoded.error);
    messages.push(decoded.message);
  });
  const send = (message: StipClientMessage) => raw.ws.send(encodeStipMessage(message));
  // An honest client asks for the document, as y-websocket does.
  raw.ws.send(syncStep1Frame());
  const latestRounds = () => messages.filter((m): m is Extract<StipMessage, { type: 'rounds' }> => m.type === 'rounds').at(-1);
  await waitFor(() => latestRounds() !== undefined, 5000, 'the first rounds message');
  const self: Browser = {
    raw,
    messages,
    send,
    async round(check = () => true) {
      let found: RoundView | undefined;
      await waitFor(() => {
        found = latestRounds()?.rounds.at(-1);
        return found !== undefined && check(found);
      }, 5000, 'a round view');
      return found!;
    },
    async refused(command) {
      const before = messages.length;
      send(command);
      let error: RoundError | undefined;
      await waitFor(() => {
        const refusal = messages.slice(before).find((m) => m.type === 'round:refused');
        error = refusal?.type === 'round:refused' ? refusal.error : undefined;
        return error !== undefined;
      }, 5000, `a refusal of ${command.type}`);
      return error!;
    },
    bytes: () => Buffer.concat(raw.received.map((frame) => Buffer.from(frame))),
    close: async () => {
      raw.ws.close();
      await raw.closed;
    },
  };
  if (hello) {
    const count = messages.length;
    send({ type: 'round:hello', ...hello });
    await waitFor(() => messages.slice(count).some((m) => m.type === 'rounds'), 5000, 'the view after hello');
  }
  return self;
}

const key = (who: string) => `${who}-browser-key-0123456789`;

async function download(path: string, token: string): Promise<Response> {
  const response = await fetch(`${server.url}/api/canvases/${canvas.id}/${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response;
}

/** The facilitator, Anna and Bert; a round of `zone` started, each with a card, and grouped (ids by name). */
async function groupedRound(zone: 'obstacles' | 'pillars', cards: Record<'anna' | 'bert', string[]>) {
  const fien = await browser(canvas.tokens.facilitator, { key: key('fien'), name: 'Fien' });
  const anna = await browser(canvas.tokens.editor, { key: key('anna'), name: 'Anna' });
  const bert = await browser(canvas.tokens.editor, { key: key('bert'), name: 'Bert' });
  fien.send({ type: 'round:start', zone });
  await anna.round((r) => r.phase === 'write');
  for (const text of cards.anna) anna.send({ type: 'round:card:add', text });
  for (const text of cards.bert) bert.send({ type: 'round:card:add', text });
  const total = cards.anna.length + cards.bert.length;
  await fien.round((r) => r.cardCount === total);
  fien.send({ type: 'round:advance', to: 'group' });
  const revealed = await anna.round((r) => r.phase === 'group' && r.cards.length === total);
  return { fien, anna, bert, cardId: (text: string) => revealed.cards.find((c) => c.text === text)!.id };
}

async function group(by: Browser, name: string, cardIds: string[]): Promise<string> {
  by.send({ type: 'round:group:create', name, cardId: cardIds[0] });
  const made = await by.round((r) => r.groups.some((g) => g.name === name));
  const id = made.groups.find((g) => g.name === name)!.id;
  for (const cardId of cardIds.slice(1)) by.send({ type: 'round:card:move', cardId, groupId: id });
  await by.round((r) => cardIds.every((c) => r.cards.find((card) => card.id === c)?.groupId === id));
  return id;
}

describe('workshop rounds over the wire', () => {
  beforeEach(async () => {
    server = await startTestServer();
    canvas = await server.createCanvas({ template: 'blank' });
  });
  afterEach(async () => {
    await server.dispose();
  });

  it('keeps every card private to its author until the reveal, in every byte another connection receives', async () => {
    const fien = await browser(canvas.tokens.facilitator, { key: key('fien'), name: 'Fien' });
    const anna = await browser(canvas.tokens.editor, { key: key('anna'), name: 'Anna' });
    const bert = await browser(canvas.tokens.editor, { key: key('bert'), name: 'Bert' });
    const vera = await browser(canvas.tokens.viewer, { key: key('vera'), name: 'Vera' });
    const noHello = await browser(canvas.tokens.editor);

    fien.send({ type: 'round:start', zone: 'obstacles' });
    await anna.round((r) => r.phase === 'write');
    anna.send({ type: 'round:card:add', text: 'Geheim-van-Anna' });
    bert.send({ type: 'round:card:add', text: 'Geheim-van-Bert' });
    await anna.round((r) => r.cards.length === 1 && r.cardCount === 2);
    await fien.round((r) => r.cardCount === 2);
    expect((await anna.round()).cards.map((c) => c.text)).toEqual(['Geheim-van-Anna']);

    // Nor does any download: the JSON export (any link may make it), the Markdown, the PDF.
    const exported = await (await download('export', canvas.tokens.viewer)).text();
    expect(exported).not.toContain('Geheim');
    expect(JSON.parse(exported).rounds).toHaveLength(1);
    expect(await (await download('export?format=markdown', canvas.tokens.facilitator)).text()).not.toContain('Geheim');

    for (const [who, other] of [[anna, 'Bert'], [bert, 'Anna'], [fien, 'Anna'], [fien, 'Bert'], [vera, 'Anna'], [noHello, 'Bert']] as const) {
      expect(who.bytes().includes(Buffer.from(`Geheim-van-${other}`))).toBe(false);
    }

    fien.send({ type: 'round:advance', to: 'group' });
    const revealed = await vera.round((r) => r.phase === 'group');
    expect(revealed.cards.map((c) => c.text).sort()).toEqual(['Geheim-van-Anna', 'Geheim-van-Bert']);
    expect(noHello.bytes().includes(Buffer.from('Geheim-van-Anna'))).toBe(true);
    // Names stay off the cards unless the facilitator shows them.
    expect(revealed.cards.every((c) => c.author === null)).toBe(true);
    for (const b of [fien, anna, bert, vera, noHello]) await b.close();
  });

  it('enforces the vote budget and the per-group cap, keeps votes hidden until the results, and lets nobody change another’s votes', async () => {
    const { fien, anna, bert, cardId } = await groupedRound('obstacles', { anna: ['Tijd'], bert: ['Geld'] });
    const g1 = await group(anna, 'Tijd', [cardId('Tijd')]);
    const g2 = await group(bert, 'Geld', [cardId('Geld')]);
    fien.send({ type: 'round:advance', to: 'vote' });
    await anna.round((r) => r.phase === 'vote');
    for (let i = 0; i < 3; i++) anna.send({ type: 'round:vote', groupId: g1, delta: 1 });
    await anna.round((r) => r.groups.find((g) => g.id === g1)!.mine === 3);
    expect(await anna.refused({ type: 'round:vote', groupId: g1, delta: 1 })).toBe('group_full');
    anna.send({ type: 'round:vote', groupId: g2, delta: 1 });
    anna.send({ type: 'round:vote', groupId: g2, delta: 1 });
    const spent = await anna.round((r) => r.votesLeft === 0);
    expect(spent.groups.map((g) => g.mine)).toEqual([3, 2]);
    expect(await anna.refused({ type: 'round:vote', groupId: g2, delta: 1 })).toBe('no_votes_left');

    // Commands name no participant: Bert's connection can only take back votes of Bert's.
    expect(await bert.refused({ type: 'round:vote', groupId: g1, delta: -1 })).toBe('unknown_group');
    bert.send({ type: 'round:vote', groupId: g1, delta: 1 });
    const bertView = await bert.round((r) => r.groups[0]!.mine === 1);
    // Hidden until the results: nobody sees a tally, not even the facilitator.
    expect(bertView.groups.map((g) => g.votes)).toEqual([null, null]);
    expect((await fien.round()).groups.map((g) => g.votes)).toEqual([null, null]);
    expect((await anna.round()).groups.map((g) => g.mine)).toEqual([3, 2]);
    // The facilitator does not vote unless the round says so.
    expect(await fien.refused({ type: 'round:vote', groupId: g1, delta: 1 })).toBe('not_allowed');
    // Nor does the JSON export any link may download say who voted, or that anyone did.
    fien.send({ type: 'round:names', show: true });
    await anna.round((r) => r.settings.showNames);
    const duringVote = JSON.parse(await (await download('export', canvas.tokens.viewer)).text()) as { rounds: { votes: object; finished: unknown[] }[] };
    expect(duringVote.rounds[0]).toMatchObject({ votes: {}, finished: [] });

    fien.send({ type: 'round:advance', to: 'results' });
    const results = await bert.round((r) => r.phase === 'results');
    expect(results.groups.map((g) => [g.name, g.votes])).toEqual([
      ['Tijd', 4],
      ['Geld', 2],
    ]);
    expect(await anna.refused({ type: 'round:vote', groupId: g1, delta: -1 })).toBe('wrong_phase');
    // From the results on, the export has one tally per group, under nobody in particular.
    const afterVote = JSON.parse(await (await download('export', canvas.tokens.viewer)).text()) as { rounds: { votes: object }[] };
    expect(afterVote.rounds[0]!.votes).toEqual({ all: { [g1]: 4, [g2]: 2 } });
    fien.send({ type: 'round:advance', to: 'closed' });
    await anna.round((r) => r.phase === 'closed');
    expect(await anna.refused({ type: 'round:vote', groupId: g2, delta: 1 })).toBe('no_round');
    for (const b of [fien, anna, bert]) await b.close();
  });

  it('refuses a flood of round commands from one connection as too_fast, and others carry on', async () => {
    const fien = await browser(canvas.tokens.facilitator, { key: key('fien'), name: 'Fien' });
    const flooder = await browser(canvas.tokens.editor, { key: key('flood'), name: 'Veel' });
    const anna = await browser(canvas.tokens.editor, { key: key('anna'), name: 'Anna' });
    fien.send({ type: 'round:start', zone: 'obstacles' });
    await flooder.round((r) => r.phase === 'write');
    flooder.send({ type: 'round:card:add', text: 'Eerste' });
    const mine = (await flooder.round((r) => r.cards.length === 1)).cards[0]!.id;
    const before = flooder.messages.length;
    for (let i = 0; i < 200; i++) flooder.send({ type: 'round:card:edit', cardId: mine, text: `Versie ${i}` });
    await waitFor(() => flooder.messages.slice(before).some((m) => m.type === 'round:refused' && m.error === 'too_fast'), 5000, 'too_fast');
    anna.send({ type: 'round:card:add', text: 'Gewoon' });
    await anna.round((r) => r.cards.some((c) => c.text === 'Gewoon'));
    for (const b of [fien, flooder, anna]) await b.close();
  });

  it('lets only the facilitator start, advance and pick; a viewer and a connection without hello never act', async () => {
    const fien = await browser(canvas.tokens.facilitator, { key: key('fien'), name: 'Fien' });
    const anna = await browser(canvas.tokens.editor, { key: key('anna'), name: 'Anna' });
    const vera = await browser(canvas.tokens.viewer, { key: key('vera'), name: 'Vera' });
    const stranger = await browser(canvas.tokens.editor);
    expect(await anna.refused({ type: 'round:start', zone: 'horizon' })).toBe('not_allowed');
    expect(await anna.refused({ type: 'round:card:add', text: 'x' })).toBe('no_round');
    fien.send({ type: 'round:start', zone: 'horizon', question: 'Waar staan we?' });
    expect((await vera.round()).question).toBe('Waar staan we?');
    expect(await fien.refused({ type: 'round:start', zone: 'actions' })).toBe('round_open');
    expect(await stranger.refused({ type: 'round:card:add', text: 'Zonder hallo' })).toBe('not_allowed');
    expect(await vera.refused({ type: 'round:card:add', text: 'Kijker' })).toBe('not_allowed');
    expect(await vera.refused({ type: 'round:join' })).toBe('not_allowed');
    expect(await anna.refused({ type: 'round:advance', to: 'group' })).toBe('not_allowed');
    expect(await vera.refused({ type: 'round:advance', to: 'closed' })).toBe('not_allowed');
    // Another key on a connection already bound is refused: one connection, one participant.
    expect(await anna.refused({ type: 'round:hello', key: key('bert'), name: 'Bert' })).toBe('not_allowed');
    anna.send({ type: 'round:card:add', text: 'Horizon' });
    await fien.round((r) => r.cardCount === 1);
    fien.send({ type: 'round:advance', to: 'group' });
    const grouped = await anna.round((r) => r.phase === 'group');
    const g = await group(anna, 'Visie', [grouped.cards[0]!.id]);
    fien.send({ type: 'round:advance', to: 'vote' });
    await anna.round((r) => r.phase === 'vote');
    fien.send({ type: 'round:advance', to: 'results' });
    await anna.round((r) => r.phase === 'results');
    expect(await anna.refused({ type: 'round:pick', groupIds: [g] })).toBe('not_allowed');
    expect(await vera.refused({ type: 'round:pick', groupIds: [g] })).toBe('not_allowed');
    expect((await fien.round()).phase).toBe('results');
    // A viewer's connection still watches every change.
    expect(vera.messages.filter((m) => m.type === 'rounds').length).toBeGreaterThan(5);
    for (const b of [fien, anna, vera, stranger]) await b.close();
  });

  it('keeps cards and votes through a restart; the same browser key gets its own cards and votes back', async () => {
    const fien = await browser(canvas.tokens.facilitator, { key: key('fien'), name: 'Fien' });
    let anna = await browser(canvas.tokens.editor, { key: key('anna'), name: 'Anna' });
    fien.send({ type: 'round:start', zone: 'obstacles' });
    await anna.round((r) => r.phase === 'write');
    anna.send({ type: 'round:card:add', text: 'Eerste kaart' });
    anna.send({ type: 'round:card:add', text: 'Tweede kaart' });
    await anna.round((r) => r.cards.length === 2);

    server = await server.restart();
    anna = await browser(canvas.tokens.editor, { key: key('anna'), name: 'Anna' });
    const mine = await anna.round();
    expect(mine.phase).toBe('write');
    expect(mine.cards.map((c) => [c.text, c.mine])).toEqual([
      ['Eerste kaart', true],
      ['Tweede kaart', true],
    ]);
    const otherBrowser = await browser(canvas.tokens.editor, { key: key('anders'), name: 'Anna' });
    expect((await otherBrowser.round()).cards).toEqual([]);
    expect((await otherBrowser.round()).cardCount).toBe(2);

    const fien2 = await browser(canvas.tokens.facilitator, { key: key('fien'), name: 'Fien' });
    fien2.send({ type: 'round:advance', to: 'group' });
    const grouped = await anna.round((r) => r.phase === 'group');
    const g = await group(anna, 'Alles', grouped.cards.map((c) => c.id));
    fien2.send({ type: 'round:advance', to: 'vote' });
    await anna.round((r) => r.phase === 'vote');
    anna.send({ type: 'round:vote', groupId: g, delta: 1 });
    anna.send({ type: 'round:vote', groupId: g, delta: 1 });
    await anna.round((r) => r.votesLeft === 3);

    server = await server.restart();
    anna = await browser(canvas.tokens.editor, { key: key('anna'), name: 'Anna' });
    const back = await anna.round();
    expect([back.phase, back.votesLeft, back.groups[0]!.mine]).toEqual(['vote', 3, 2]);
    expect(back.cards.filter((c) => c.mine)).toHaveLength(2);
    for (const b of [anna, otherBrowser, fien2]) await b.close();
    await fien.raw.closed;
  });

  it('carries the picked groups onto the A4; the PDF has no card that was not picked; the export and an import keep the round', async () => {
    const { fien, anna, bert, cardId } = await groupedRound('pillars', {
      anna: ['Kaart-Inwoners', 'Kaart-Team'],
      bert: ['Kaart-Nietgekozen'],
    });
    const picked = await group(anna, 'Inwonerskennis', [cardId('Kaart-Inwoners'), cardId('Kaart-Team')]);
    const other = await group(bert, 'Zijspoor', [cardId('Kaart-Nietgekozen')]);
    fien.send({ type: 'round:advance', to: 'vote' });
    await anna.round((r) => r.phase === 'vote');
    fien.send({ type: 'round:advance', to: 'results' });
    await anna.round((r) => r.phase === 'results');
    expect(await fien.refused({ type: 'round:pick', groupIds: [picked, 'no-such-group'] })).toBe('unknown_group');
    fien.send({ type: 'round:pick', groupIds: [picked] });
    const closed = await bert.round((r) => r.phase === 'closed');
    expect(closed.groups.map((g) => [g.id, g.picked])).toEqual([
      [picked, true],
      [other, false],
    ]);

    const exported = JSON.parse(await (await download('export', canvas.tokens.facilitator)).text());
    expect(exported.format).toBe('stip-canvas@3');
    expect(exported.pillars[0].title).toBe('Inwonerskennis');
    expect(JSON.stringify(exported.pillars[0].body)).toContain('Kaart-Inwoners');
    expect(JSON.stringify(exported.pillars)).not.toContain('Nietgekozen');
    expect(exported.rounds.map((r: { phase: string; picked: string[] }) => [r.phase, r.picked])).toEqual([['closed', [picked]]]);

    const pdf = await readPdf(new Uint8Array(await (await download('pdf', canvas.tokens.viewer)).arrayBuffer()));
    expect(pdfContains(pdf.text, 'Inwonerskennis')).toBe(true);
    expect(pdfContains(pdf.text, 'Kaart-Team')).toBe(true);
    expect(pdfContains(pdf.text, 'Kaart-Nietgekozen')).toBe(false);
    expect(pdfContains(pdf.text, 'Zijspoor')).toBe(false);
    const markdown = await (await download('export?format=markdown', canvas.tokens.viewer)).text();
    expect(markdown).toContain('Inwonerskennis');
    expect(markdown).not.toContain('Zijspoor');

    // An import of the export brings the round along; a duplicate is a new workshop without it.
    const imported = await fetch(`${server.url}/api/canvases/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(exported) });
    expect(imported.status).toBe(201);
    const importedRounds = await server.storage.listRounds(((await imported.json()) as CreatedCanvas).id);
    expect(importedRounds.map((r) => JSON.parse(r.json).picked)).toEqual([[picked]]);
    const duplicate = await fetch(`${server.url}/api/canvases/${canvas.id}/duplicate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${canvas.tokens.facilitator}` },
    });
    expect(duplicate.status).toBe(201);
    expect(await server.storage.listRounds(((await duplicate.json()) as CreatedCanvas).id)).toEqual([]);
    for (const b of [fien, anna, bert]) await b.close();
  });
});
