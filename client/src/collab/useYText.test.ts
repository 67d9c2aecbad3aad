import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { shiftPosition, textDiff } from './useYText';

function apply(text: Y.Text, next: string) {
  const edit = textDiff(text.toString(), next);
  text.doc!.transact(() => {
    if (edit.remove > 0) text.delete(edit.index, edit.remove);
    if (edit.insert) text.insert(edit.index, edit.insert);
  });
}

describe('textDiff', () => {
  it.each([
    ['Visie 2027', 'Visie 2030', { index: 8, remove: 2, insert: '30' }],
    ['abc', 'abXc', { index: 2, remove: 0, insert: 'X' }],
    ['aaa', 'aa', { index: 2, remove: 1, insert: '' }],
    ['', 'new', { index: 0, remove: 0, insert: 'new' }],
    ['same', 'same', { index: 4, remove: 0, insert: '' }],
  ])('turns %j into %j with the smallest edit', (previous, next, expected) => {
    expect(textDiff(previous, next)).toEqual(expected);
  });

  it('keeps both people’s edits when two change the title at the same time', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('t').insert(0, 'Visie 2027');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    apply(a.getText('t'), 'Onze visie 2027');
    apply(b.getText('t'), 'Visie 2030');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText('t').toString()).toBe('Onze visie 2030');
    expect(b.getText('t').toString()).toBe('Onze visie 2030');
  });
});

describe('shiftPosition', () => {
  it('moves a caret by what others insert or delete in front of it, not behind it', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'hello world');
    const deltas: Y.YTextEvent['delta'][] = [];
    text.observe((event) => deltas.push(event.delta));
    text.insert(0, '>> ');
    text.delete(8, 6);
    expect(shiftPosition(deltas[0]!, 6)).toBe(9);
    expect(shiftPosition(deltas[0]!, 0)).toBe(3);
    // '>> hello world' minus ' world': a caret inside the deleted range lands at its start.
    expect(text.toString()).toBe('>> hello');
    expect(shiftPosition(deltas[1]!, 12)).toBe(8);
    expect(shiftPosition(deltas[1]!, 4)).toBe(4);
  });
});
