import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A canvas id: 16 random bytes, base64url (22 characters). */
export function newCanvasId(): string {
  return randomBytes(16).toString('base64url');
}

/** A link token: 24 random bytes (192 bits), base64url. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function newPillarId(): string {
  return randomBytes(9).toString('base64url');
}

/** Compares a presented token with a stored one in time independent of where they differ. */
export function tokenEquals(presented: string, stored: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(stored, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}
