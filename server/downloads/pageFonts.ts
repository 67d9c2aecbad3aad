import fs from 'node:fs';
import path from 'node:path';
import type { FontUrls } from '../../shared/canvasHtml';
import { FONT_FACES, TYPEFACES, TYPEFACE_KEYS, type FontFace } from '../../shared/styleValues';

/**
 * The addresses at which the server serves the built client's TTF faces (`/assets/`, font-src
 * 'self'): Vite names each `<Prefix>_<weight>-<hash>.ttf` (client/src/style/fontFiles.ts). The
 * published page's @font-face rules point at them. A typeface missing a face is left out (the
 * page then falls back to system fonts); no built client, none at all.
 */
export function findPageFonts(clientDir: string): FontUrls {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(clientDir, 'assets'));
  } catch {
    return {};
  }
  const fonts: FontUrls = {};
  for (const typeface of TYPEFACE_KEYS) {
    const faces = Object.entries(FONT_FACES).map(([face, weight]) => {
      const pattern = new RegExp(`^${TYPEFACES[typeface].prefix}_${weight}-[A-Za-z0-9_-]+\\.ttf$`);
      const name = names.find((n) => pattern.test(n));
      return [face as FontFace, name ? `/assets/${name}` : null] as const;
    });
    if (faces.every(([, url]) => url)) fonts[typeface] = Object.fromEntries(faces) as Record<FontFace, string>;
  }
  return fonts;
}
