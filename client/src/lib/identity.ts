import { awarenessUserSchema, type AwarenessUser } from '../../../shared/protocol';

/**
 * Caret and avatar colours. Each has at least 4.5:1 contrast with white text (the caret
 * label) and is distinguishable from its neighbours.
 */
export const USER_COLORS = [
  '#1d4ed8', '#b91c1c', '#047857', '#7e22ce', '#b45309', '#0e7490', '#be185d', '#4d7c0f', '#6d28d9', '#9a3412',
] as const;

const NAME_KEY = 'stip.name';
const COLOR_KEY = 'stip.color';

export function storedName(): string | null {
  const name = localStorage.getItem(NAME_KEY)?.trim();
  return name ? name.slice(0, 60) : null;
}

export function storeName(name: string): void {
  localStorage.setItem(NAME_KEY, name.trim().slice(0, 60));
}

export function storeColor(color: string): void {
  if ((USER_COLORS as readonly string[]).includes(color)) localStorage.setItem(COLOR_KEY, color);
}

/** This browser's colour: picked at random the first time, then remembered. */
export function myColor(): string {
  const stored = localStorage.getItem(COLOR_KEY);
  if (stored && (USER_COLORS as readonly string[]).includes(stored)) return stored;
  const color = USER_COLORS[Math.floor(Math.random() * USER_COLORS.length)]!;
  localStorage.setItem(COLOR_KEY, color);
  return color;
}

/** Another client's awareness `user`, or null when it is missing or malformed. */
export function readUser(state: unknown): AwarenessUser | null {
  const user = (state as { user?: unknown } | null)?.user;
  const parsed = awarenessUserSchema.safeParse(user);
  return parsed.success ? parsed.data : null;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [...(parts[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase();
}

const ROUND_KEY = 'stip.roundKey';
const ROUND_KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * This browser's round key: random the first time, then remembered like the name. The server
 * derives a public participant id from it, so the same browser is the same participant after a
 * reload; the key itself is never shown to anyone else.
 */
export function roundKey(): string {
  const stored = localStorage.getItem(ROUND_KEY);
  if (stored && ROUND_KEY_PATTERN.test(stored)) return stored;
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const key = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  localStorage.setItem(ROUND_KEY, key);
  return key;
}
