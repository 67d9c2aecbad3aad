import { describe, expect, it } from 'vitest';
import { StoredTracker, carriesChanges } from './storedTracker';

const step1 = Uint8Array.of(0, 0, 1, 0);
const step2 = Uint8Array.of(0, 1, 2, 0, 0);
const update = Uint8Array.of(0, 2, 2, 0, 0);
const awareness = Uint8Array.of(1, 1, 0);

describe('StoredTracker', () => {
  it('counts sync step 2 and update frames only', () => {
    expect([step1, step2, update, awareness, Uint8Array.of(0)].map(carriesChanges)).toEqual([false, true, true, false, false]);
  });

  it.each([
    { what: 'nothing sent on a new socket', steps: [], stored: false },
    { what: 'step 2 sent, not confirmed', steps: ['step2'], stored: false },
    { what: 'step 2 confirmed', steps: ['step2', 'stored 1'], stored: true },
    { what: 'an update after the confirmation', steps: ['step2', 'stored 1', 'update'], stored: false },
    { what: 'both confirmed', steps: ['step2', 'update', 'stored 2'], stored: true },
    { what: 'an older confirmation arriving late', steps: ['step2', 'update', 'stored 2', 'stored 1'], stored: true },
    { what: 'a change while no socket could send it', steps: ['step2', 'stored 1', 'offline change'], stored: false },
    { what: 'a new socket resets the count', steps: ['step2', 'stored 1', 'socket'], stored: false },
    { what: 'the offline change sent in the next step 2', steps: ['offline change', 'socket', 'step2', 'stored 1'], stored: true },
    { what: 'an update confirmed but no step 2 yet', steps: ['socket', 'update', 'stored 1'], stored: false },
  ])('$what: all stored = $stored', ({ steps, stored }) => {
    const tracker = new StoredTracker();
    for (const step of steps) {
      if (step === 'step2') tracker.sent(step2);
      else if (step === 'update') tracker.sent(update);
      else if (step === 'offline change') tracker.changedLocally(false);
      else if (step === 'socket') tracker.socketOpened();
      else tracker.stored(Number(step.split(' ')[1]));
    }
    expect(tracker.allStored).toBe(stored);
  });
});
