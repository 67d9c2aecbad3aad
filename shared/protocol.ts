import * as z from 'zod/mini';
import { roundCommandSchema, roundHelloSchema, roundRefusedSchema, roundsMessageSchema } from './rounds';

/** y-protocols message types on the wire; 100 is Stip's own (a varUint, then a JSON string). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  stip: 100,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/**
 * Every way the Stip server closes a WebSocket (the README's "WebSocket" table): one entry per
 * reason, several may share a code. `final`: the client must not reconnect on its own (the
 * verdict does not change by retrying); entries sharing a code agree on it (shared/ tests).
 */
export const CloseCode = {
  malformed: { code: 4400, reason: 'malformed message', final: true },
  textFrame: { code: 4400, reason: 'text frames are not part of the protocol', final: true },
  unauthorized: { code: 4401, reason: 'bad or rotated token', final: true },
  forbiddenOrigin: { code: 4403, reason: 'origin not allowed', final: true },
  notFound: { code: 4404, reason: 'unknown canvas', final: true },
  canvasTooLarge: { code: 4413, reason: 'canvas too large', final: true },
  frameTooLarge: { code: 4413, reason: 'frame too large', final: true },
  restarting: { code: 1012, reason: 'server restarting' },
  /** Too many connections being admitted, or canvases being loaded, at once. */
  busy: { code: 1013, reason: 'server busy, try again later' },
  tooManyFromAddress: { code: 1013, reason: 'too many connections from this address' },
  /** Over its message or byte rate: its address and canvas then cool down (`closeForFlooding`). */
  flooding: { code: 1013, reason: 'too many messages' },
  coolingDown: { code: 1013, reason: 'cooling down after a flood' },
  /** Its send queue grew past what the server holds for one connection. */
  tooSlow: { code: 1013, reason: 'too slow' },
} as const satisfies Record<string, CloseCodeEntry>;
export type CloseCodeName = keyof typeof CloseCode;

/** One row of `CloseCode`. */
export interface CloseCodeEntry {
  readonly code: number;
  readonly reason: string;
  readonly final?: boolean;
}

/** Codes after which a client must not reconnect on its own: the `final` rows of `CloseCode`. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set(
  Object.values<CloseCodeEntry>(CloseCode)
    .filter((entry) => entry.final === true)
    .map((entry) => entry.code),
);

export const ROLES = ['facilitator', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The lock rule, for client and server alike: a locked canvas makes editors viewers; the
 * facilitator keeps editing, a viewer never edits.
 */
export function effectiveRole(role: Role, locked: boolean): Role {
  return locked && role === 'editor' ? 'viewer' : role;
}

/** Whether a connection with `role`'s token may change the canvas now (see `effectiveRole`). */
export function mayEdit(role: Role, locked: boolean): boolean {
  return effectiveRole(role, locked) !== 'viewer';
}

/** Stip's own server-to-client messages (type 100), sent only to clients that connect with `stip=1`. */
export const stipMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('role'), role: z.enum(ROLES), locked: z.boolean() }),
  /**
   * Sent after the SQLite transaction that stored this connection's changes commits. `clock`
   * counts the sync step 2 and update messages (sync types 1 and 2) this connection sent whose
   * content is now stored; it starts at 0 on every new connection. When every such message a
   * client sent on this socket is counted, including the step 2 it answered the server's step 1
   * with, its whole local document is stored: that step 2 carries everything the server lacked
   * at connect time (offline edits, edits from an earlier socket or page load), and every later
   * change goes out as an update. A per-client state-vector clock would not do: deletions do not
   * advance it, and after a reload offline edits come back under another Yjs client id.
   * A change the server takes back (an editor's on a locked canvas) is stored, taken back
   * included, so it counts. An update the server could not integrate whole (it built on
   * something the server lacks) counts once the step 2 answering the server's resync is stored.
   * A viewer's messages are dropped unread and never counted.
   */
  z.object({ type: z.literal('stored'), clock: z.int().check(z.nonnegative()) }),
  /**
   * Part of this connection's change was taken back by the server: the canvas was locked, or it
   * touched what only the facilitator may change (spotlight, timer, house style), or it put a
   * house style value the server refuses (`invalidStyle`: a logo that is not a PNG Stip made,
   * an unreadable colour). The page says so.
   */
  z.object({ type: z.literal('refused'), reason: z.enum(['locked', 'facilitatorOnly', 'invalidStyle']) }),
  /**
   * The server cannot store now (a full disk) and keeps trying (`failing: true`), or can again
   * (`failing: false`). Meanwhile nothing is confirmed as stored; the client keeps its edits.
   */
  z.object({ type: z.literal('storage'), failing: z.boolean() }),
  /**
   * The server's clock (ms since the epoch), sent on joining and in answer to a `ping` (then
   * with its number), so a client can correct its own clock for the shared timer.
   */
  z.object({ type: z.literal('time'), now: z.number(), ping: z.optional(z.int().check(z.nonnegative())) }),
  /**
   * Every round of the canvas as this connection may see it (shared/rounds.ts `roundView`):
   * sent on joining, after its `round:hello`, and after every change to a round, each
   * connection its own. Another participant's unrevealed card text is never in it.
   */
  roundsMessageSchema,
  /** A round command of this connection's was refused (to its sender only), and why. */
  roundRefusedSchema,
]);
export type StipMessage = z.infer<typeof stipMessageSchema>;

/** Stip's own client-to-server messages (type 100); only from connections with `stip=1`. */
export const stipClientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ping'), ping: z.int().check(z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER)) }),
  /** Binds this connection to the participant its browser's key stands for (once per connection). */
  roundHelloSchema,
  /** A round command (`round:start`, `round:card:add`, ...): acted on only after a hello. */
  roundCommandSchema,
]);
export type StipClientMessage = z.infer<typeof stipClientMessageSchema>;

/** Awareness `user` field, as the client publishes it; checked before anyone renders it. */
export const awarenessUserSchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(60)),
  color: z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/)),
});
export type AwarenessUser = z.infer<typeof awarenessUserSchema>;
