import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedCanvas } from '../../shared/api';
import { MessageType, type StipClientMessage, type StipMessage } from '../../shared/protocol';
import type { RoundError, RoundView } from '../../shared/rounds';
import { decodeStipMessage, encodeStipMessage } from '../../shared/stipMessages';
import { waitFor } from '../helpers/collabClient';
import { readPdf } from '../helpers/pdfText';
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
});
