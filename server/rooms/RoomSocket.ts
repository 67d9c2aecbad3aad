import type { Role } from '../../shared/protocol';

/**
 * What a room needs of a connection: three members, so the room never depends on `ws` and
 * unit tests can pass a fake.
 */
export interface RoomSocket {
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued but not yet written to the network. */
  readonly bufferedAmount: number;
}

export interface ConnectionInfo {
  /** The role of the token the connection presented. */
  role: Role;
  /** The client asked for Stip's own messages (type 100) with `stip=1`. */
  stip: boolean;
}
