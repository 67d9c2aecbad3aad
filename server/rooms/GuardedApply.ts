import * as Y from 'yjs';
import { sessionMap } from '../../shared/docLayout';

/**
 * What a connection may change: `everything` (the facilitator), `content` (an editor: all but
 * the `session` map of spotlight and timer), `nothing` (an editor while the canvas is locked).
 */
export type WriteScope = 'everything' | 'content' | 'nothing';

/**
 * Applies a connection's update, then takes back, as a change of the server's own, whatever
 * it changed that the connection may not change.
 *
 * The verdict is read from the transaction Yjs made, not from what the update declares: an
 * update's structs name parents and neighbours that Yjs may resolve otherwise (a struct whose
 * first clocks the document already has is integrated from an offset, after the item before it
 * of the same client, whatever parent it names). Taking back, instead of dropping the update,
 * keeps every client's clocks continuous: a refused change never holds up the sender's later
 * ones. The taking back is Yjs's own undo: inserted items are deleted again, deleted items
 * are written again (a map key gets its old value back as a new item).
 */
export class GuardedApply {
  /** Watches the session map for the connection being applied, and only then. */
  private readonly sessionGuard: Y.UndoManager;

  constructor(private readonly doc: Y.Doc) {
    this.sessionGuard = new Y.UndoManager(sessionMap(doc), { captureTimeout: 0, trackedOrigins: new Set() });
  }

  /** Applies `update` from `origin`; true when part of it was taken back. */
  apply(update: Uint8Array, origin: object, scope: WriteScope): boolean {
    if (scope === 'everything') {
      Y.applyUpdate(this.doc, update, origin);
      return false;
    }
    const guard =
      scope === 'content'
        ? this.sessionGuard
        : new Y.UndoManager(this.doc, { captureTimeout: 0, trackedOrigins: new Set() });
    guard.trackedOrigins.add(origin);
    let failure: unknown = null;
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (error) {
      // What Yjs integrated before it threw is judged and taken back like the rest.
      failure = error;
    } finally {
      guard.trackedOrigins.delete(origin);
    }
    let reverted = false;
    try {
      reverted = guard.undoStack.length > 0 && guard.undo() !== null;
    } finally {
      // Clearing also lets Yjs collect the items the guard kept for its undo.
      guard.clear();
      if (guard !== this.sessionGuard) guard.destroy();
    }
    if (failure !== null) throw failure;
    return reverted;
  }

  destroy(): void {
    this.sessionGuard.destroy();
  }
}
