import { describe, expect, it } from 'vitest';
import { effectiveRole, mayEdit } from './protocol';

describe('the lock rule', () => {
  it('makes editors viewers while locked; the facilitator keeps editing, a viewer never edits', () => {
    expect(effectiveRole('editor', true)).toBe('viewer');
    expect(effectiveRole('editor', false)).toBe('editor');
    expect(effectiveRole('facilitator', true)).toBe('facilitator');
    expect(effectiveRole('viewer', false)).toBe('viewer');
    expect([mayEdit('facilitator', true), mayEdit('editor', false), mayEdit('editor', true), mayEdit('viewer', false)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
