import * as Y from 'yjs';
import {
  CloseCode,
  blankCanvas,
  exampleCanvas,
  exportCanvas,
  importCanvas,
  type CanvasExport,
  type CanvasInfo,
  type Language,
  type Role,
} from '../shared/index';
import { newCanvasId, newPillarId, newToken, tokenEquals } from './ids';
import type { RoomManager } from './rooms/RoomManager';
import type { CanvasRecord, Storage } from './storage/Storage';

export type Access =
  | { ok: true; canvas: CanvasRecord; role: Role }
  | { ok: false; reason: 'not_found' | 'unauthorized' };

/** What the transports need: create canvases, check tokens, read a canvas's state. */
export class CanvasService {
  constructor(
    private readonly storage: Storage,
    private readonly rooms: RoomManager,
  ) {}

  /** Creates a canvas from a template or an already validated export. */
  create(content: CanvasExport): CanvasRecord {
    const doc = new Y.Doc();
    try {
      importCanvas(doc, content, newPillarId);
      const now = Date.now();
      const record: CanvasRecord = {
        id: newCanvasId(),
        title: content.title,
        subtitle: content.subtitle,
        language: content.language,
        locked: false,
        tokens: { facilitator: newToken(), editor: newToken(), viewer: newToken() },
        createdAt: now,
        updatedAt: now,
      };
      this.storage.createCanvas(record, Y.encodeStateAsUpdate(doc));
      return record;
    } finally {
      doc.destroy();
    }
  }

  fromTemplate(template: 'blank' | 'example', language: Language, title: string | undefined): CanvasExport {
    if (template === 'example') return exampleCanvas(language, title || undefined);
    return blankCanvas(language, title ?? '');
  }

  /** Unknown id first (404 whatever the token), then the token (401). */
  access(id: string, token: string | undefined): Access {
    const canvas = this.storage.getCanvas(id);
    if (!canvas) return { ok: false, reason: 'not_found' };
    const role = token ? this.roleOf(canvas, token) : null;
    if (!role) return { ok: false, reason: 'unauthorized' };
    return { ok: true, canvas, role };
  }

  private roleOf(canvas: CanvasRecord, token: string): Role | null {
    // Check every role so the time taken does not tell which one matched.
    let role: Role | null = null;
    for (const candidate of ['facilitator', 'editor', 'viewer'] as const) {
      if (tokenEquals(token, canvas.tokens[candidate]) && role === null) role = candidate;
    }
    return role;
  }

  info(canvas: CanvasRecord, role: Role): CanvasInfo {
    const live = this.rooms.get(canvas.id)?.readMeta();
    return {
      id: canvas.id,
      title: live?.title ?? canvas.title,
      subtitle: live?.subtitle ?? canvas.subtitle,
      language: live?.language ?? canvas.language,
      role,
      locked: canvas.locked,
      createdAt: new Date(canvas.createdAt).toISOString(),
      updatedAt: new Date(canvas.updatedAt).toISOString(),
    };
  }

  setLocked(id: string, locked: boolean): CanvasRecord {
    this.storage.setLocked(id, locked, Date.now());
    this.rooms.get(id)?.setLocked(locked);
    return this.storage.getCanvas(id)!;
  }

  /** A new token for a role; connections that used the old one close with 4401 at once. */
  rotate(id: string, role: 'editor' | 'viewer'): CanvasRecord {
    this.storage.setToken(id, role, newToken());
    this.rooms.get(id)?.disconnectRole(role, CloseCode.unauthorized);
    return this.storage.getCanvas(id)!;
  }

  delete(id: string): void {
    this.rooms.remove(id);
    this.storage.deleteCanvas(id);
  }

  export(id: string): CanvasExport {
    return this.rooms.withDoc(id, exportCanvas);
  }
}
