import { useEffect, useState, type CSSProperties } from 'react';
import type * as Y from 'yjs';
import { styleMap } from '../../../shared/docLayout';
import { readStyle, type CanvasStyle } from '../../../shared/houseStyle';
import { cssFontFamily, fromBase64, pageColors, readablePrimary, type FontFace as Face, type Typeface } from '../../../shared/styleValues';
import { FONT_URLS } from './fontFiles';

/** The document's house style, live (every value read through its setting's schema). */
export function useCanvasStyle(doc: Y.Doc | null): CanvasStyle | null {
  const [style, setStyle] = useState<CanvasStyle | null>(() => (doc ? readStyle(doc) : null));
  useEffect(() => {
    if (!doc) return undefined;
    const map = styleMap(doc);
    const update = () => setStyle(readStyle(doc));
    update();
    map.observe(update);
    return () => map.unobserve(update);
  }, [doc]);
  return style;
}

/**
 * A blob: URL of a base64 PNG logo (typed image/png), made and revoked by the same effect, so
 * a remount (React's StrictMode runs effects twice) never leaves a page with a revoked URL.
 */
export function useLogoUrl(logo: string | null | undefined): string | null {
  const [url, setUrl] = useState<{ logo: string; url: string } | null>(null);
  useEffect(() => {
    const bytes = logo ? fromBase64(logo) : null;
    if (!logo || !bytes) return undefined;
    const made = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
    setUrl({ logo, url: made });
    return () => URL.revokeObjectURL(made);
  }, [logo]);
  // A URL made for an earlier logo is never shown for a newer one (or for none).
  return url && url.logo === logo ? url.url : null;
}

const FACE_STYLE: Record<Face, { weight: string; style: string }> = {
  normal: { weight: '400', style: 'normal' },
  bold: { weight: '700', style: 'normal' },
  italics: { weight: '400', style: 'italic' },
  bolditalics: { weight: '700', style: 'italic' },
};

const loading = new Set<Typeface>();

/** Adds a typeface's faces to the page's fonts once (Inter comes with the app's CSS). */
export function loadScreenTypeface(typeface: Typeface): void {
  if (typeface === 'inter' || loading.has(typeface) || typeof FontFace === 'undefined') return;
  loading.add(typeface);
  for (const [face, { weight, style }] of Object.entries(FACE_STYLE) as [Face, (typeof FACE_STYLE)[Face]][]) {
    const font = new FontFace(cssFontFamily(typeface).split(',')[0]!.replace(/'/g, ''), `url(${FONT_URLS[typeface][face]})`, { weight, style });
    document.fonts.add(font);
    font.load().catch(() => loading.delete(typeface));
  }
}

/** The CSS custom properties page.css draws the house style with. */
export function styleVariables(style: Pick<CanvasStyle, 'primaryColor' | 'accentColor' | 'typeface'>): CSSProperties {
  const colors = pageColors(readablePrimary(style.primaryColor), style.accentColor);
  return {
    '--style-primary': colors.primary,
    '--style-accent': colors.accent,
    '--style-band': colors.band,
    '--style-band-ink': colors.bandInk,
    '--style-font': cssFontFamily(style.typeface),
  } as CSSProperties;
}
