import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type { RoundView } from '../../../shared/rounds';
import { decodeStipClientMessage } from '../../../shared/stipMessages';
import { RoundsChannel } from './RoundsChannel';

const OPEN = 1;

/** A provider stand-in: its socket records what is sent; `reconnect` gives it a new socket. */
function fakeProvider() {
  const sent: { socket: number; message: unknown }[] = [];
  let socket = 0;
  const makeSocket = (n: number) => ({
    readyState: OPEN,
    send: (frame: Uint8Array) => {
      const decoded = decodeStipClientMessage(frame);
      sent.push({ socket: n, message: decoded.ok ? decoded.message : decoded.error });
    },
  });
  const provider = { wsconnected: true, ws: makeSocket(socket) };
  return {
    provider: provider as unknown as WebsocketProvider,
    sent,
    reconnect: () => {
      socket += 1;
      provider.ws = makeSocket(socket);
    },
    disconnect: () => {
      provider.wsconnected = false;
    },
  };
}

const view = (id: string, phase: RoundView['phase']): RoundView => ({
  id, zone: 'obstacles', question: 'Wat staat ons in de weg?', phase,
  settings: { votesPerPerson: 5, maxPerGroup: 3, facilitatorVotes: false, showNames: false },
  participantCount: 0, cardCount: 0, cards: [], groups: [], votesLeft: 5, votes: true, finishedCount: 0, finished: false, closedAt: null,
});

const KEY = 'abcdefghijklmnop1234';

describe('RoundsChannel', () => {
  it('says hello once per connection, and again on the next one', () => {
    const { provider, sent, reconnect } = fakeProvider();
    const channel = new RoundsChannel(provider);
    channel.onStatus();
    expect(sent).toEqual([]); // no name yet: no hello
    channel.setIdentity(KEY, 'Anna', false);
    channel.onStatus();
    channel.setIdentity(KEY, 'Anna', false);
    expect(sent).toEqual([{ socket: 0, message: { type: 'round:hello', key: KEY, name: 'Anna' } }]);
    reconnect();
    channel.onStatus();
    expect(sent.map((s) => s.socket)).toEqual([0, 1]);
  });

  it('sends commands only after its hello on an open socket', () => {
    const { provider, sent, disconnect } = fakeProvider();
    const channel = new RoundsChannel(provider);
    expect(channel.send({ type: 'round:card:add', text: 'Te weinig tijd' })).toBe(false);
    channel.setIdentity(KEY, 'Anna', false);
    expect(channel.send({ type: 'round:card:add', text: 'Te weinig tijd' })).toBe(true);
    disconnect();
    expect(channel.send({ type: 'round:card:add', text: 'Nog een' })).toBe(false);
    expect(sent.map((s) => (s.message as { type: string }).type)).toEqual(['round:hello', 'round:card:add']);
  });

  it('joins each running round once when it takes part, never a closed one; a watcher never joins', () => {
    const participant = fakeProvider();
    const channel = new RoundsChannel(participant.provider);
    channel.setIdentity(KEY, 'Anna', true);
    channel.receive({ type: 'rounds', rounds: [view('r1', 'closed')] });
    channel.receive({ type: 'rounds', rounds: [view('r1', 'closed'), view('r2', 'write')] });
    channel.receive({ type: 'rounds', rounds: [view('r1', 'closed'), view('r2', 'group')] });
    expect(participant.sent.map((s) => (s.message as { type: string }).type)).toEqual(['round:hello', 'round:join']);

    const watcher = fakeProvider();
    const watching = new RoundsChannel(watcher.provider);
    watching.setIdentity(KEY, 'Fenna', false);
    watching.receive({ type: 'rounds', rounds: [view('r2', 'write')] });
    expect(watcher.sent.map((s) => (s.message as { type: string }).type)).toEqual(['round:hello']);
  });

  it('holds the latest views and refusal for the page', () => {
    const { provider } = fakeProvider();
    const channel = new RoundsChannel(provider);
    let told = 0;
    channel.subscribe(() => (told += 1));
    expect(channel.getSnapshot().loaded).toBe(false);
    channel.receive({ type: 'rounds', rounds: [view('r1', 'vote')] });
    channel.receive({ type: 'round:refused', error: 'no_votes_left' });
    expect(channel.getSnapshot()).toMatchObject({ loaded: true, rounds: [{ id: 'r1' }], refusal: { error: 'no_votes_left' } });
    channel.dismissRefusal();
    expect(channel.getSnapshot().refusal).toBeNull();
    expect(told).toBe(3);
  });
});
