import type { CanvasInfo } from '../../../shared/api';
import type { Role } from '../../../shared/protocol';

/** A canvas this browser has opened, kept locally because there are no accounts. */
export interface RecentCanvas {
  id: string;
  title: string;
  /** The in-app path with the token fragment, e.g. `/c/<id>#token=...`. */
  path: string;
  role: Role;
  lastOpened: string;
  /** What the server last said about it: a page reloaded offline opens the canvas with this. */
  info?: CanvasInfo;
}

const KEY = 'stip.recentCanvases';
const MAX = 50;

export function loadRecent(): RecentCanvas[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? (value as RecentCanvas[]).filter((c) => typeof c?.id === 'string' && typeof c?.path === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberCanvas(entry: RecentCanvas): void {
  const rest = loadRecent().filter((c) => c.id !== entry.id);
  localStorage.setItem(KEY, JSON.stringify([entry, ...rest].slice(0, MAX)));
}

export function forgetCanvas(id: string): RecentCanvas[] {
  const rest = loadRecent().filter((c) => c.id !== id);
  localStorage.setItem(KEY, JSON.stringify(rest));
  return rest;
}

/** Keeps a listed canvas's title in step with the canvas (it changes while people edit). */
export function updateRecentTitle(id: string, title: string): void {
  const list = loadRecent();
  const entry = list.find((c) => c.id === id);
  if (!entry || entry.title === title) return;
  entry.title = title;
  localStorage.setItem(KEY, JSON.stringify(list));
}

/** The canvas as last seen with this token, for a page opened while the server is out of reach. */
export function knownInfo(id: string, token: string): CanvasInfo | null {
  const entry = loadRecent().find((c) => c.id === id && c.path === `/c/${id}#token=${token}`);
  return entry?.info ?? null;
}
