import type { VersionRecord } from '../storage/Storage';

/**
 * The versions to remove before saving one more version of a canvas that has `versions`
 * (newest first), under MAX_VERSIONS_PER_CANVAS (`max`); `null` when the save is refused:
 * - below the cap: none;
 * - at the cap: the oldest automatic versions (saved by Stip before a restore), as many as it
 *   takes to make room;
 * - a named version when named versions alone fill the cap: refused, nothing removed;
 * - an automatic version when named versions alone fill the cap: saved anyway, since a restore
 *   must keep what it replaces; the earlier automatic ones go, so a canvas holds at most the cap
 *   plus one version.
 */
export function versionsToPrune(versions: readonly VersionRecord[], max: number, automatic: boolean): VersionRecord[] | null {
  const named = versions.filter((v) => !v.automatic).length;
  if (!automatic && named >= max) return null;
  const excess = versions.length + 1 - max;
  if (excess <= 0) return [];
  return versions
    .filter((v) => v.automatic)
    .reverse()
    .slice(0, excess);
}
