import type { Language } from './canvasSettings';

/** What every file made from a canvas (Markdown, Word, the published page) says where the canvas says nothing. */
export const UNTITLED = { nl: 'Naamloos canvas', en: 'Untitled canvas' } as const;

/** The alt text of the house style's logo in the Word document and the published page (the editor's styleLogoAlt). */
export const LOGO_ALT = { nl: 'Logo', en: 'Logo' } as const;

const PILLAR = { nl: 'Pijler', en: 'Pillar' } as const;

/** A canvas's title, or "Naamloos canvas" / "Untitled canvas" when it has none. */
export function canvasTitle(title: string, language: Language): string {
  return title.trim() || UNTITLED[language];
}

/** A pillar's title, or "Pijler 2" / "Pillar 2" when it has none (`index` counts from 0). */
export function pillarTitle(title: string, language: Language, index: number): string {
  return title.trim() || `${PILLAR[language]} ${index + 1}`;
}
