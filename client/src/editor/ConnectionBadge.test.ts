import { describe, expect, it } from 'vitest';
import { saveStatus, type SaveFacts } from './ConnectionBadge';

const facts = (over: Partial<SaveFacts>): SaveFacts => ({ status: 'connected', closed: false, editable: true, unstored: false, stored: false, serverCannotStore: false, ...over });

describe('the save status in words', () => {
  it('says saved only when the server confirmed storing everything', () => {
    expect(saveStatus(facts({ stored: true }))).toBe('saved');
    expect(saveStatus(facts({ unstored: true }))).toBe('saving');
    // Connected, nothing typed, the first confirmation not in yet: not "saved".
    expect(saveStatus(facts({}))).toBe('connecting');
  });

  it('says the server cannot store, never saved, while it cannot and something is not stored', () => {
    expect(saveStatus(facts({ unstored: true, serverCannotStore: true }))).toBe('notStoring');
    // Everything typed here was stored before the disk filled: that is still true.
    expect(saveStatus(facts({ stored: true, serverCannotStore: true }))).toBe('saved');
  });

  it('says offline or connecting whatever is stored, and closed above all', () => {
    expect(saveStatus(facts({ status: 'offline', stored: true }))).toBe('offline');
    expect(saveStatus(facts({ status: 'connecting', unstored: true }))).toBe('connecting');
    expect(saveStatus(facts({ status: 'offline', closed: true }))).toBe('closed');
  });

  it('tells a read-only page only whether it is connected', () => {
    expect(saveStatus(facts({ editable: false }))).toBe('connected');
    expect(saveStatus(facts({ editable: false, unstored: true }))).toBe('connected');
    expect(saveStatus(facts({ editable: false, status: 'offline' }))).toBe('offline');
  });
});
