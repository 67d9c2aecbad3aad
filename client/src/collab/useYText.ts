import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ChangeEvent } from 'react';
import type * as Y from 'yjs';

type Field = HTMLInputElement | HTMLTextAreaElement;

/** Where `position` ends up after a Y.Text delta (text inserted or deleted in front of it). */
export function shiftPosition(delta: Y.YTextEvent['delta'], position: number): number {
  let index = 0;
  let result = position;
  for (const op of delta) {
    if (op.retain) index += op.retain;
    else if (typeof op.insert === 'string') {
      if (index <= result) result += op.insert.length;
      index += op.insert.length;
    } else if (op.delete) {
      if (index < result) result -= Math.min(op.delete, result - index);
    }
  }
  return result;
}

/** The smallest edit that turns `previous` into `next`: common prefix and suffix kept. */
export function textDiff(previous: string, next: string): { index: number; remove: number; insert: string } {
  let start = 0;
  while (start < previous.length && start < next.length && previous[start] === next[start]) start++;
  let endPrevious = previous.length;
  let endNext = next.length;
  while (endPrevious > start && endNext > start && previous[endPrevious - 1] === next[endNext - 1]) {
    endPrevious--;
    endNext--;
  }
  return { index: start, remove: endPrevious - start, insert: next.slice(start, endNext) };
}

/**
 * Binds a plain text field to a Y.Text. A local edit becomes the smallest delete+insert in one
 * transaction, so concurrent edits elsewhere in the text survive; a remote edit updates the
 * value and keeps the caret where it was relative to the text around it. The text is one line:
 * pasted line breaks become spaces.
 */
export function useYText<E extends Field>(text: Y.Text | null, maxLength: number) {
  const [value, setValue] = useState(() => text?.toString() ?? '');
  const fieldRef = useRef<E | null>(null);
  // The caret to restore once React has written a remote change into the field.
  const pendingSelection = useRef<[number, number] | null>(null);

  useEffect(() => {
    if (!text) return undefined;
    setValue(text.toString());
    const observer = (event: Y.YTextEvent) => {
      if (event.transaction.local) return;
      const field = fieldRef.current;
      if (field && document.activeElement === field) {
        pendingSelection.current = [shiftPosition(event.delta, field.selectionStart ?? 0), shiftPosition(event.delta, field.selectionEnd ?? 0)];
      }
      setValue(text.toString());
    };
    text.observe(observer);
    return () => text.unobserve(observer);
  }, [text]);

  useLayoutEffect(() => {
    const selection = pendingSelection.current;
    pendingSelection.current = null;
    if (selection && fieldRef.current && document.activeElement === fieldRef.current) {
      fieldRef.current.setSelectionRange(selection[0], selection[1]);
    }
  }, [value]);

  const onChange = useCallback(
    (event: ChangeEvent<E>) => {
      if (!text) return;
      const next = event.target.value.replace(/[\r\n]+/g, ' ').slice(0, maxLength);
      const edit = textDiff(text.toString(), next);
      if (edit.remove > 0 || edit.insert) {
        text.doc?.transact(() => {
          if (edit.remove > 0) text.delete(edit.index, edit.remove);
          if (edit.insert) text.insert(edit.index, edit.insert);
        });
      }
      setValue(next);
    },
    [text, maxLength],
  );

  return { value, onChange, fieldRef };
}
