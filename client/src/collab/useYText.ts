import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import type * as Y from 'yjs';

/**
 * Binds a plain <input> to a Y.Text. A local edit becomes the smallest delete+insert (common
 * prefix and suffix kept), so concurrent edits elsewhere in the text survive; a remote edit
 * updates the value and keeps the caret where it was relative to the text around it.
 */
export function useYText(text: Y.Text | null, maxLength: number) {
  const [value, setValue] = useState(() => text?.toString() ?? '');
  const inputRef = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    if (!text) return undefined;
    setValue(text.toString());
    const observer = (event: Y.YTextEvent) => {
      if (event.transaction.local) return;
      const input = inputRef.current;
      const before = input && document.activeElement === input ? [input.selectionStart ?? 0, input.selectionEnd ?? 0] : null;
      let cursor = before;
      if (before) {
        // Shift the caret by what was inserted or deleted in front of it.
        let index = 0;
        const shift = (pos: number) => {
          let p = pos;
          index = 0;
          for (const op of event.delta) {
            if (op.retain) index += op.retain;
            else if (typeof op.insert === 'string') {
              if (index <= p) p += op.insert.length;
              index += op.insert.length;
            } else if (op.delete) {
              if (index < p) p -= Math.min(op.delete, p - index);
            }
          }
          return p;
        };
        cursor = [shift(before[0]!), shift(before[1]!)];
      }
      const next = text.toString();
      setValue(next);
      if (input && cursor) {
        requestAnimationFrame(() => input.setSelectionRange(cursor![0]!, cursor![1]!));
      }
    };
    text.observe(observer);
    return () => text.unobserve(observer);
  }, [text]);

  const onChange = useCallback(
    (event: ChangeEvent<HTMLInputElement>) => {
      if (!text) return;
      const next = event.target.value.slice(0, maxLength);
      const previous = text.toString();
      let start = 0;
      while (start < previous.length && start < next.length && previous[start] === next[start]) start++;
      let endPrev = previous.length;
      let endNext = next.length;
      while (endPrev > start && endNext > start && previous[endPrev - 1] === next[endNext - 1]) {
        endPrev--;
        endNext--;
      }
      text.doc?.transact(() => {
        if (endPrev > start) text.delete(start, endPrev - start);
        if (endNext > start) text.insert(start, next.slice(start, endNext));
      });
      setValue(next);
    },
    [text, maxLength],
  );

  return { value, onChange, inputRef };
}
