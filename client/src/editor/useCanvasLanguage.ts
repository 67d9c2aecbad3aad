import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { canvasLanguage, metaMap, type Language } from '../../../shared/docLayout';

/** The canvas's own language (headings follow it, whatever the UI language). */
export function useCanvasLanguage(doc: Y.Doc): Language {
  const [language, setLanguage] = useState<Language>(() => canvasLanguage(doc));
  useEffect(() => {
    const meta = metaMap(doc);
    const update = () => setLanguage(canvasLanguage(doc));
    update();
    meta.observe(update);
    return () => meta.unobserve(update);
  }, [doc]);
  return language;
}
