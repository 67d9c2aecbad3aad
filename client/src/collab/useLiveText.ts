import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

/** The current string of a Y.Text, following every change (local or remote). */
export function useLiveText(text: Y.Text | null): string {
  const [value, setValue] = useState(() => text?.toString() ?? '');
  useEffect(() => {
    if (!text) return undefined;
    const update = () => setValue(text.toString());
    update();
    text.observe(update);
    return () => text.unobserve(update);
  }, [text]);
  return value;
}
