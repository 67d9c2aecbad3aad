import type { Language, ZoneKey } from './docLayout';

/** Zone headings in the canvas's own language (not the UI language). */
export const ZONE_HEADINGS: Record<Language, Record<ZoneKey, string>> = {
  nl: {
    horizon: 'Stip aan de horizon',
    obstacles: 'Obstakels',
    pillars: 'Strategische pijlers',
    actions: 'Actieplan',
  },
  en: {
    horizon: 'Dot on the horizon',
    obstacles: 'Obstacles',
    pillars: 'Strategic pillars',
    actions: 'Action plan',
  },
};

/** Column headings of the action plan table, in the canvas language. */
export const ACTION_COLUMNS: Record<Language, readonly [string, string, string]> = {
  nl: ['Actie', 'Wie', 'Wanneer'],
  en: ['Action', 'Who', 'When'],
};

export function zoneHeading(language: Language, zone: ZoneKey): string {
  return ZONE_HEADINGS[language][zone];
}
