import { describe, expect, it } from 'vitest';
import type { VersionRecord } from '../storage/Storage';
import { versionsToPrune } from './versionCap';

/** Versions newest first, from a pattern such as 'NAaN': N named, A automatic (the first letter is the newest). */
function versions(pattern: string): VersionRecord[] {
  return [...pattern].map((kind, i) => ({
    id: `v${pattern.length - i}`,
    canvasId: 'c',
    name: kind,
    createdAt: pattern.length - i,
    createdBy: 'x',
    automatic: kind === 'A',
  }));
}

const ids = (list: VersionRecord[] | null) => list && list.map((v) => v.id);

describe('versionsToPrune', () => {
  it('removes nothing below the cap', () => {
    expect(versionsToPrune(versions('NAN'), 4, false)).toEqual([]);
    expect(versionsToPrune(versions('NAN'), 4, true)).toEqual([]);
  });

  it('at the cap, removes the oldest automatic version, whatever is saved', () => {
    // Newest first: v4 N, v3 A, v2 A, v1 N; the oldest automatic one is v2.
    expect(ids(versionsToPrune(versions('NAAN'), 4, false))).toEqual(['v2']);
    expect(ids(versionsToPrune(versions('NAAN'), 4, true))).toEqual(['v2']);
  });

  it('past the cap (a lowered MAX_VERSIONS_PER_CANVAS), removes as many automatic ones as it takes', () => {
    expect(ids(versionsToPrune(versions('AANAN'), 3, false))).toEqual(['v2', 'v4', 'v5']);
  });

  it('refuses a named version when named ones fill the cap, removing nothing', () => {
    expect(versionsToPrune(versions('NNN'), 3, false)).toBeNull();
    expect(versionsToPrune(versions('ANNN'), 3, false)).toBeNull();
  });

  it('saves a restore’s automatic version past a cap of named ones, the earlier automatic one going', () => {
    expect(versionsToPrune(versions('NNN'), 3, true)).toEqual([]);
    expect(ids(versionsToPrune(versions('ANNN'), 3, true))).toEqual(['v4']);
  });
});
