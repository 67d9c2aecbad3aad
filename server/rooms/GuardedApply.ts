import * as Y from 'yjs';
import { STYLE_SETTINGS, type StyleSettingName } from '../../shared/canvasSettings';
import { sessionMap, styleMap } from '../../shared/docLayout';
import { invalidStyleSettings } from '../../shared/houseStyle';

/**
 * What a connection may change: `everything` (the facilitator), `content` (an editor: all but
 * the `session` map of spotlight and timer and the `style` map of the house style), `nothing`
 * (an editor while the canvas is locked).
 */
export type WriteScope = 'everything' | 'content' | 'nothing';

/** Why part of an update was taken back: outside the scope, or a house style value its schema refuses. */
export type Reverted = 'scope' | 'invalidStyle' | null;

/** True when the style map holds only known settings, each a value its schema accepts. */
function styleIsValid(doc: Y.Doc): boolean {
  const map = styleMap(doc);
  const values: Partial<Record<StyleSettingName, unknown>> = {};
  for (const [key, value] of map.entries()) {
    if (!(STYLE_SETTINGS as readonly string[]).includes(key)) return false;
    values[key as StyleSettingName] = value;
  }
  return invalidStyleSettings(values).length === 0;
}

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
  /** Watches the session and style maps for the editor being applied, and only then. */
  private readonly facilitatorOnlyGuard: Y.UndoManager;
  /** Watches the style map for the facilitator being applied: a value its schema refuses is taken back. */
  private readonly styleGuard: Y.UndoManager;

  constructor(private readonly doc: Y.Doc) {
    this.facilitatorOnlyGuard = new Y.UndoManager([sessionMap(doc), styleMap(doc)], { captureTimeout: 0, trackedOrigins: new Set() });
    this.styleGuard = new Y.UndoManager(styleMap(doc), { captureTimeout: 0, trackedOrigins: new Set() });
  }

  /**
   * Applies `update` from `origin`; says whether (and why) part of it was taken back. The
   * facilitator's update is judged by what it left in the style map once integrated: unknown
   * keys or values their setting's schema refuses (a logo that is not a PNG Stip made, an
   * unreadable primary colour) take back its whole change to the style.
   */
  apply(update: Uint8Array, origin: object, scope: WriteScope): Reverted {
    if (scope === 'everything') return this.guarded(this.styleGuard, update, origin, () => !styleIsValid(this.doc)) ? 'invalidStyle' : null;
    const guard =
      scope === 'content'
        ? this.facilitatorOnlyGuard
        : new Y.UndoManager(this.doc, { captureTimeout: 0, trackedOrigins: new Set() });
    try {
      return this.guarded(guard, update, origin, () => true) ? 'scope' : null;
    } finally {
      if (guard !== this.facilitatorOnlyGuard) guard.destroy();
    }
  }

  /** Applies `update` watched by `guard`; what the guard saw is undone when `refuse()` says so. */
  private guarded(guard: Y.UndoManager, update: Uint8Array, origin: object, refuse: () => boolean): boolean {
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
      reverted = guard.undoStack.length > 0 && (failure !== null || refuse()) && guard.undo() !== null;
    } finally {
      // Clearing also lets Yjs collect the items the guard kept for its undo.
      guard.clear();
    }
    if (failure !== null) throw failure;
    return reverted;
  }

  destroy(): void {
    this.facilitatorOnlyGuard.destroy();
    this.styleGuard.destroy();
  }
}
