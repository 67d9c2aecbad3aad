import type { Language } from './canvasSettings';
import type { CanvasExport, RichNode, ZoneDoc } from './exportFormat';
import { checkedStyle, type CheckedStyle } from './houseStyle';
import { isAllowedHref } from './linkHref';
import { LOGO_ALT, canvasTitle, pillarTitle } from './outputWords';
import { FONT_FACES, PAGE_COLORS, TYPEFACES, cssFontFamily, mix, pageColors, toBase64, type FontFace, type Typeface } from './styleValues';
import { ZONES, renderZone, zoneClassName, type KindRenderers } from './zones';

/**
 * The canvas as a web page of its own (the published page, `/p/<id>/<token>`): the A4 as
 * server-rendered, accessible HTML that needs no JavaScript and loads nothing else (its styles
 * are in the page). The document's language is the canvas language; the title is the h1, each
 * zone of the zone table a section under its h2, each pillar an h3, the action plan a table
 * with column headers. Every text is escaped; only http, https and mailto links become links.
 * Built from the export, which has passed every zone through the editor's schema.
 *
 * In the house style (Stip's own when the export has none): the typeface from `fonts`, the
 * same TTF files the server serves the client (`/assets/…`, font-src 'self'), the colours as
 * the A4 uses them, the logo beside the title as a data: URI with alt text. Only a colour that
 * is `#rrggbb`, a typeface Stip ships, a font address of `/assets/…` and a logo that is a PNG
 * reach the page; anything else falls back to Stip's own.
 */
export function canvasToHtml(data: CanvasExport, madeAt: Date, fonts?: FontUrls): string {
  const { language } = data;
  const look = checkedStyle(data.style);
  const title = canvasTitle(data.title, language);
  const zones = ZONES.map((zone) => {
    const id = `zone-${zone.key}`;
    return `<section class="${zoneClassName(zone.key)}" aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(zone.heading[language])}</h2>${renderZone(ZONE_HTML, zone, data)}</section>`;
  });
  const subtitle = data.subtitle.trim() ? `<p class="subtitle">${escapeHtml(data.subtitle.trim())}</p>` : '';
  const stamp = new Intl.DateTimeFormat(LOCALE[language], { dateStyle: 'long', timeStyle: 'short' }).format(madeAt);
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${styleSheet(look, fonts)}${STYLE}</style>
</head>
<body>
<main class="page"><header class="masthead"><div class="titles"><h1>${escapeHtml(title)}</h1>${subtitle}</div>${logoImage(look, language)}</header>${zones.join('')}</main>
<footer class="made"><p>${escapeHtml(FOOTER[language](stamp))}</p></footer>
</body>
</html>
`;
}

const LOCALE: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

/** The addresses of the TTF faces of each typeface, as the server serves them to the client. */
export type FontUrls = Partial<Record<Typeface, Record<FontFace, string>>>;

/** A font address the page may load: one of the built client's assets, nothing else. */
const FONT_URL = /^\/assets\/[A-Za-z0-9_.-]+\.ttf$/;

const FONT_CSS: Record<FontFace, { weight: number; style: string }> = {
  normal: { weight: 400, style: 'normal' },
  bold: { weight: 700, style: 'normal' },
  italics: { weight: 400, style: 'italic' },
  bolditalics: { weight: 700, style: 'italic' },
};

/** The @font-face rules of the typeface and the page's colours as CSS variables. */
function styleSheet(look: CheckedStyle, fonts: FontUrls | undefined): string {
  const label = TYPEFACES[look.typeface].label;
  const files = fonts?.[look.typeface];
  const faces = (Object.keys(FONT_FACES) as FontFace[]).flatMap((face) => {
    const url = files?.[face];
    if (typeof url !== 'string' || !FONT_URL.test(url)) return [];
    const { weight, style } = FONT_CSS[face];
    return [`@font-face { font-family: '${label}'; src: url("${url}") format("truetype"); font-weight: ${weight}; font-style: ${style}; font-display: swap; }`];
  });
  const colors = pageColors(look.primaryColor, look.accentColor);
  const variables = {
    '--font': cssFontFamily(look.typeface),
    '--primary': colors.primary,
    '--accent': colors.accent,
    '--band': colors.band,
    '--rule': mix(colors.primary, PAGE_COLORS.paper, 0.35),
    '--ink': PAGE_COLORS.ink,
  };
  return `\n${faces.join('\n')}\n:root { ${Object.entries(variables).map(([name, value]) => `${name}: ${value};`).join(' ')} }`;
}

/** The logo as a data: URI, encoded anew from its checked bytes (base64 characters only). */
function logoImage(look: CheckedStyle, language: Language): string {
  return look.logo ? `<img class="logo" src="data:image/png;base64,${toBase64(look.logo.bytes)}" alt="${escapeHtml(LOGO_ALT[language])}">` : '';
}

const FOOTER: Record<Language, (stamp: string) => string> = {
  nl: (stamp) => `Alleen-lezen weergave, gepubliceerd met Stip. Stand van ${stamp}; laad de pagina opnieuw voor de nieuwste stand.`,
  en: (stamp) => `Read-only view, published with Stip. As of ${stamp}; reload the page for the latest.`,
};

/** Each kind's content under its zone's heading. */
const ZONE_HTML: KindRenderers<[data: CanvasExport], string> = {
  richText: (zone, data) => blocks(data[zone.key]),
  pillars: (zone, data) =>
    `<div class="pillars">${data[zone.key]
      .map((pillar, index) => {
        const id = `pillar-${index + 1}`;
        return `<section class="pillar" aria-labelledby="${id}"><h3 id="${id}">${escapeHtml(pillarTitle(pillar.title, data.language, index))}</h3>${blocks(pillar.body)}</section>`;
      })
      .join('')}</div>`,
  table: (zone, data) => blocks(data[zone.key], zone.columns[data.language]),
};

function blocks(zone: ZoneDoc, columns?: readonly string[]): string {
  return zone.content.map((node) => block(node, columns)).join('');
}

function block(node: RichNode, columns?: readonly string[]): string {
  const children = (node.content ?? []).map((child) => block(child, columns)).join('');
  switch (node.type) {
    case 'paragraph':
      return `<p>${inline(node.content ?? [])}</p>`;
    case 'bulletList':
      return `<ul>${children}</ul>`;
    case 'orderedList': {
      const start = node.attrs?.start;
      return `<ol${typeof start === 'number' && Number.isInteger(start) && start !== 1 ? ` start="${start}"` : ''}>${children}</ol>`;
    }
    case 'listItem':
      return `<li>${children}</li>`;
    case 'table':
      return table(node, columns ?? []);
    default:
      // The export holds nothing else; keep the text of anything unexpected all the same.
      return children;
  }
}

/** A table with a header row of column headers: the table's own, or the zone's columns. */
function table(node: RichNode, columns: readonly string[]): string {
  const rows = (node.content ?? []).filter((row) => row.type === 'tableRow');
  const first = rows[0];
  const hasHeader = Boolean(first?.content?.length) && first!.content!.every((cell) => cell.type === 'tableHeader');
  const header = hasHeader ? first!.content!.map((cell) => blocks({ type: 'doc', content: cell.content ?? [] })) : columns.map(escapeHtml);
  const body = (hasHeader ? rows.slice(1) : rows).map(
    (row) => `<tr>${(row.content ?? []).map((cell) => `<td>${blocks({ type: 'doc', content: cell.content ?? [] })}</td>`).join('')}</tr>`,
  );
  return `<table><thead><tr>${header.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

const TAGS: [mark: string, open: string, close: string][] = [
  ['bold', '<strong>', '</strong>'],
  ['italic', '<em>', '</em>'],
  ['underline', '<u>', '</u>'],
];

/** Text with its marks; a link around the text it marks (http, https and mailto only). */
function inline(nodes: RichNode[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'hardBreak') return '<br>';
      if (node.type !== 'text' || !node.text) return '';
      const marks = new Set(node.marks?.map((mark) => mark.type));
      let html = escapeHtml(node.text);
      for (const [mark, open, close] of TAGS) if (marks.has(mark)) html = `${open}${html}${close}`;
      const href = node.marks?.find((mark) => mark.type === 'link')?.attrs?.href;
      return isAllowedHref(href) ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${html}</a>` : html;
    })
    .join('');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The page's own styles: an A4-like sheet on a grey desk, readable at any width, and printable. */
const STYLE = `
:root { color-scheme: light; font-family: var(--font); line-height: 1.45; color: var(--ink); background: #e9ecf1; }
body { margin: 0; padding: 1.5rem 1rem; }
.page { box-sizing: border-box; max-width: 210mm; min-height: 50vh; margin: 0 auto; padding: 2rem 2.25rem; background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, .18); }
.masthead { display: flex; align-items: flex-start; justify-content: space-between; gap: 1rem; padding-bottom: .75rem; border-bottom: 3px solid var(--primary); }
.logo { display: block; max-width: 12rem; max-height: 4rem; width: auto; height: auto; }
h1 { font-size: 1.75rem; margin: 0; line-height: 1.2; }
.subtitle { margin: .25rem 0 0; color: #4a5365; }
h2 { font-size: 1.15rem; margin: 0 0 .5rem; color: var(--primary); }
h3 { font-size: 1rem; margin: 0 0 .35rem; }
.zone { margin-top: 1.5rem; }
.zone--band { background: var(--band); border-left: 4px solid var(--primary); padding: .75rem 1rem; }
p { margin: 0 0 .5rem; }
ul, ol { margin: 0 0 .5rem; padding-left: 1.4rem; }
.pillars { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 1rem; }
.pillar { border-top: 3px solid var(--accent); padding-top: .5rem; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; border: 1px solid var(--rule); padding: .35rem .5rem; }
th { background: var(--band); }
td > :last-child, th > :last-child, .zone--band > :last-child { margin-bottom: 0; }
a { color: var(--primary); }
.made { max-width: 210mm; margin: .75rem auto 0; font-size: .85rem; color: #3f4756; }
@media print { :root { background: #fff; } body { padding: 0; } .page { box-shadow: none; max-width: none; } }
`;
