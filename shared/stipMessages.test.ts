import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { CloseCode, FINAL_CLOSE_CODES, MessageType, type StipClientMessage, type StipMessage } from './protocol';
import { ROUND_ERRORS, roundView, startRound } from './rounds';
import { decodeStipClientMessage, decodeStipMessage, encodeStipMessage, readStipMessage } from './stipMessages';

/** A type-100 frame holding `text` as it is (broken JSON included). */
function frameOf(text: string, type: number = MessageType.stip): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarString(encoder, text);
  return encoding.toUint8Array(encoder);
}

const serverMessages: StipMessage[] = [
  { type: 'role', role: 'facilitator', locked: false },
  { type: 'role', role: 'viewer', locked: true },
  { type: 'stored', clock: 0 },
  { type: 'stored', clock: 12_345 },
  { type: 'refused', reason: 'locked' },
  { type: 'refused', reason: 'facilitatorOnly' },
  { type: 'time', now: 1_700_000_000_123 },
  { type: 'time', now: 1_700_000_000_123, ping: 7 },
  { type: 'rounds', rounds: [] },
  {
    type: 'rounds',
    rounds: [
      roundView(startRound({ type: 'round:start', zone: 'pillars', question: 'Waarop?' }, 'nl', () => 'r1', 5), { participant: null, role: 'viewer' }),
      {
        ...roundView(startRound({ type: 'round:start', zone: 'obstacles' }, 'en', () => 'r2', 6), { participant: 'p', role: 'editor' }),
        phase: 'results',
        cards: [{ id: 'c1', text: 'Te weinig tijd', groupId: 'g1', mine: true, revealed: true, author: null }],
        groups: [{ id: 'g1', name: 'Tijd', votes: 4, mine: 2, picked: false }],
        closedAt: null,
      },
    ],
  },
  ...ROUND_ERRORS.map((error): StipMessage => ({ type: 'round:refused', error })),
];
const clientMessages: StipClientMessage[] = [
  { type: 'ping', ping: 0 },
  { type: 'ping', ping: Number.MAX_SAFE_INTEGER },
  { type: 'round:hello', key: 'k'.repeat(16), name: 'Anna' },
  { type: 'round:hello', key: 'AZaz09_-'.repeat(8), name: '' },
  { type: 'round:start', zone: 'obstacles' },
  { type: 'round:start', zone: 'actions', question: 'Wat doen we?', votesPerPerson: 3, maxPerGroup: 2, facilitatorVotes: true, showNames: false },
  { type: 'round:join' },
  { type: 'round:card:add', text: 'Te weinig tijd' },
  { type: 'round:card:edit', cardId: 'c1', text: 'Geen tijd' },
  { type: 'round:card:remove', cardId: 'c1' },
  { type: 'round:card:reveal-mine' },
  { type: 'round:advance', to: 'group' },
  { type: 'round:names', show: true },
  { type: 'round:group:create', name: 'Tijd' },
  { type: 'round:group:create', name: 'Tijd', cardId: 'c1' },
  { type: 'round:group:rename', groupId: 'g1', name: 'Geld' },
  { type: 'round:card:move', cardId: 'c1', groupId: 'g1' },
  { type: 'round:card:move', cardId: 'c1', groupId: null },
  { type: 'round:vote', groupId: 'g1', delta: 1 },
  { type: 'round:vote', groupId: 'g1', delta: -1 },
  { type: 'round:vote:done', done: true },
  { type: 'round:pick', groupIds: ['g1', 'g2'] },
  { type: 'round:pick', groupIds: [] },
];

describe('Stip message codec', () => {
  it('round-trips every server-to-client message, as a frame and from a decoder past the type', () => {
    for (const message of serverMessages) {
      const frame = encodeStipMessage(message);
      expect(frame[0]).toBe(MessageType.stip);
      expect(decodeStipMessage(frame)).toEqual({ ok: true, message });
      const decoder = decoding.createDecoder(frame);
      expect(decoding.readVarUint(decoder)).toBe(MessageType.stip);
      expect(readStipMessage(decoder)).toEqual({ ok: true, message });
    }
  });

  it('round-trips every client-to-server message', () => {
    for (const message of clientMessages) {
      expect(decodeStipClientMessage(encodeStipMessage(message))).toEqual({ ok: true, message });
    }
  });

  it('keeps the directions apart: a ping is no server message, a role no client message', () => {
    expect(decodeStipMessage(encodeStipMessage({ type: 'ping', ping: 1 })).ok).toBe(false);
    expect(decodeStipClientMessage(encodeStipMessage({ type: 'role', role: 'editor', locked: false })).ok).toBe(false);
  });

  it('gives an error, never a throw, for garbage bytes', () => {
    const garbage = [
      new Uint8Array([]),
      new Uint8Array([MessageType.stip]),
      new Uint8Array([MessageType.stip, 0xff, 0xff, 0xff, 0xff, 0x0f]),
      new Uint8Array([MessageType.stip, 5, 0x7b]),
      new Uint8Array([MessageType.stip, 2, 0xc3, 0x28]),
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      frameOf('{"type":"ping"'),
      frameOf('null'),
      frameOf('[]'),
      frameOf('"ping"'),
    ];
    for (const bytes of garbage) {
      expect(decodeStipMessage(bytes).ok).toBe(false);
      expect(decodeStipClientMessage(bytes).ok).toBe(false);
    }
  });

  it('refuses an unknown message type, an unknown Stip type and a wrong field', () => {
    expect(decodeStipMessage(frameOf('{"type":"stored","clock":1}', MessageType.sync))).toEqual({
      ok: false,
      error: 'not a Stip message (type 0)',
    });
    expect(decodeStipMessage(frameOf('{"type":"hello"}')).ok).toBe(false);
    expect(decodeStipClientMessage(frameOf('{"type":"hello"}')).ok).toBe(false);
    expect(decodeStipMessage(frameOf('{"type":"stored","clock":-1}')).ok).toBe(false);
    expect(decodeStipClientMessage(frameOf('{"type":"ping","ping":1.5}')).ok).toBe(false);
    // Client messages are strict: nothing extra rides along.
    expect(decodeStipClientMessage(frameOf('{"type":"ping","ping":1,"x":2}')).ok).toBe(false);
    // Round commands carry no participant: the server binds it to the connection.
    expect(decodeStipClientMessage(frameOf('{"type":"round:vote","groupId":"g1","delta":1,"participant":"x"}')).ok).toBe(false);
    expect(decodeStipClientMessage(frameOf('{"type":"round:vote","groupId":"g1","delta":2}')).ok).toBe(false);
    expect(decodeStipClientMessage(frameOf('{"type":"round:hello","key":"short","name":"A"}')).ok).toBe(false);
    expect(decodeStipClientMessage(frameOf('{"type":"round:card:add","text":"   "}')).ok).toBe(false);
    // And the directions stay apart for rounds too.
    expect(decodeStipMessage(encodeStipMessage({ type: 'round:join' })).ok).toBe(false);
    expect(decodeStipClientMessage(encodeStipMessage({ type: 'round:refused', error: 'no_round' })).ok).toBe(false);
  });

  it('never quotes the input in its error (it may hold a token)', () => {
    const secret = 'tok_SECRET123';
    for (const text of [`{"type":"${secret}"}`, `{${secret}`, `{"type":"ping","ping":"${secret}"}`]) {
      const result = decodeStipClientMessage(frameOf(text));
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toContain('SECRET');
    }
  });
});

describe('close codes', () => {
  it('derives the final codes from the table: every 44xx, no 10xx', () => {
    expect([...FINAL_CLOSE_CODES].sort()).toEqual([4400, 4401, 4403, 4404, 4413]);
  });

  it('rows sharing a code agree on whether it is final, and no reason is used twice', () => {
    const rows = Object.values(CloseCode) as { code: number; reason: string; final?: boolean }[];
    for (const row of rows) expect(FINAL_CLOSE_CODES.has(row.code)).toBe(row.final === true);
    expect(new Set(rows.map((row) => row.reason)).size).toBe(rows.length);
  });
});
