import type { CloseCodeEntry, Role } from '../../shared/protocol';

/**
 * What a room needs of a connection, so the room never depends on `ws` and unit tests can pass
 * a fake.
 */
export interface RoomSocket {
  send(message: Uint8Array): void;
  /** Closes with a row of `CloseCode` (shared/protocol.ts). */
  close(code: CloseCodeEntry): void;
  /**
   * Closes a connection over its message or byte rate (`CloseCode.flooding`): the transport
   * reads nothing more from it and makes its address wait before it may join again.
   */
  closeForFlooding(): void;
  /** Bytes queued but not yet written to the network. */
  readonly bufferedAmount: number;
}

export interface ConnectionInfo {
  /** The role of the token the connection presented. */
  role: Role;
  /** The client asked for Stip's own messages (type 100) with `stip=1`. */
  stip: boolean;
}
