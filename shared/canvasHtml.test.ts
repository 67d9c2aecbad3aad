import { describe, expect, it } from 'vitest';
import { canvasToHtml } from './canvasHtml';
import { LANGUAGES } from './docLayout';
import type { CanvasExport, RichNode } from './exportFormat';
import { blankCanvas, exampleCanvas } from './templates';
import { ZONES } from './zones';

const MADE = new Date('2026-11-30T12:00:00Z');

const text = (value: string, ...marks: { type: string; attrs?: Record<string, unknown> }[]): RichNode => ({ type: 'text', text: value, marks: marks.length ? marks : undefined });
const paragraph = (...content: RichNode[]): RichNode => ({ type: 'paragraph', content });
const item = (...content: RichNode[]): RichNode => ({ type: 'listItem', content });

describe('the canvas as a published page', () => {
  for (const language of LANGUAGES) {
    it(`draws every zone of the zone table in order under its h2, in ${language}`, () => {
      const data = exampleCanvas(language);
      const html = canvasToHtml(data, MADE);
      expect(html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${language}">`));
      expect(html).toContain(`<h1>${data.title}</h1>`);
      const headings = [...html.matchAll(/<h2 id="zone-([a-z]+)">([^<]*)<\/h2>/g)].map((m) => [m[1], m[2]]);
      expect(headings).toEqual(ZONES.map((zone) => [zone.key, zone.heading[language]]));
      expect([...html.matchAll(/<h3 id="pillar-\d">([^<]*)<\/h3>/g)].map((m) => m[1])).toEqual(data.pillars.map((p) => p.title));
      // Every section is labelled by its heading.
      for (const zone of ZONES) expect(html).toContain(`aria-labelledby="zone-${zone.key}"><h2 id="zone-${zone.key}">`);
      expect([...html.matchAll(/<th scope="col"><p>([^<]*)<\/p><\/th>/g)].map((m) => m[1])).toEqual([...ZONES.find((z) => z.key === 'actions')!.columns![language]]);
      expect(html).not.toMatch(/<script/i);
    });
  }

  it('escapes every text, keeps marks, and links only http, https and mailto', () => {
    const data: CanvasExport = {
      ...blankCanvas('nl', '<img src=x onerror=alert(1)> "&" \'t'),
      subtitle: '</title><script>x</script>',
      horizon: {
        type: 'doc',
        content: [
          paragraph(
            text('<b>vet</b>', { type: 'bold' }),
            text(' schuin', { type: 'italic' }),
            text(' onder', { type: 'underline' }),
            { type: 'hardBreak' },
            text('site', { type: 'link', attrs: { href: 'https://example.org/?a=1&b="2"' } }),
            text(' kwaad', { type: 'link', attrs: { href: 'javascript:alert(1)' } }),
          ),
        ],
      },
      obstacles: { type: 'doc', content: [{ type: 'orderedList', attrs: { start: 3 }, content: [item(paragraph(text('drie')), { type: 'bulletList', content: [item(paragraph(text('genest')))] })] }] },
      pillars: [{ title: '', body: { type: 'doc', content: [] } }],
    };
    const html = canvasToHtml(data, MADE);
    expect(html).toContain('<h1>&lt;img src=x onerror=alert(1)&gt; &quot;&amp;&quot; &#39;t</h1>');
    expect(html).toContain('<p class="subtitle">&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</p>');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('<strong>&lt;b&gt;vet&lt;/b&gt;</strong><em> schuin</em><u> onder</u><br>');
    expect(html).toContain('<a href="https://example.org/?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer">site</a>');
    expect(html).toContain('</a> kwaad</p>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<ol start="3"><li><p>drie</p><ul><li><p>genest</p></li></ul></li></ol>');
    // A pillar without a title is named after its place.
    expect(html).toContain('<h3 id="pillar-1">Pijler 1</h3>');
    expect(html).toContain('Stand van 30 november 2026');
  });
});

// A real 8-bit RGBA PNG, 4 x 2 px of one green.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAYAAAB/qH1jAAAAEUlEQVR4nGPgzvP/j4wZ0AUA5uYOOexECd4AAAAASUVORK5CYII=';
const FONTS = {
  notoSerif: { normal: '/assets/NotoSerif_400Regular-a1.ttf', bold: '/assets/NotoSerif_700Bold-b2.ttf', italics: '/assets/NotoSerif_400Regular_Italic-c3.ttf', bolditalics: '/assets/NotoSerif_700Bold_Italic-d4.ttf' },
};

describe('the published page in the house style', () => {
  const css = (html: string) => /<style>([\s\S]*)<\/style>/.exec(html)![1]!;

  it('loads the typeface from the server’s assets, uses the colours, and shows the logo with alt text', () => {
    const data = { ...exampleCanvas('nl'), style: { primaryColor: '#0b6e4f', accentColor: '#ffd166', typeface: 'notoSerif' as const, logo: PNG_BASE64 } };
    const html = canvasToHtml(data, new Date(0), FONTS);
    const style = css(html);
    expect(style).toContain(`@font-face { font-family: 'Noto Serif'; src: url("/assets/NotoSerif_700Bold-b2.ttf") format("truetype"); font-weight: 700; font-style: normal;`);
    expect(style.match(/@font-face/g)).toHaveLength(4);
    expect(style).toContain("--font: 'Noto Serif', system-ui, serif;");
    expect(style).toContain('--primary: #0b6e4f;');
    expect(style).toContain('--accent: #ffd166;');
    expect(style).toContain('font-family: var(--font)');
    expect(html).toContain(`<img class="logo" src="data:image/png;base64,${PNG_BASE64}" alt="Logo">`);
  });

  it('gives a canvas without a style Stip’s own, and no @font-face without the server’s fonts', () => {
    const { style: _none, ...data } = exampleCanvas('en');
    const html = canvasToHtml(data, new Date(0));
    expect(css(html)).not.toContain('@font-face');
    expect(css(html)).toContain("--font: 'Inter', system-ui, sans-serif;");
    expect(css(html)).toContain('--primary: #1d4e6e;');
    expect(html).not.toContain('<img');
  });

  it('lets no hostile value reach the page: colours, typeface, logo and font addresses are checked', () => {
    const evil = '#fff;}</style><script>alert(1)</script>';
    const style = { primaryColor: evil, accentColor: 'red;background:url(//evil.example)', typeface: "x'}</style><script>" as never, logo: 'PHN2Zz48L3N2Zz4=' };
    const fonts = { inter: { normal: '/assets/a.ttf"); } </style><script>', bold: 'https://evil.example/x.ttf', italics: '//evil.example/y.ttf', bolditalics: '/assets/../../etc.ttf' } };
    const html = canvasToHtml({ ...exampleCanvas('nl'), style }, new Date(0), fonts);
    expect(html).not.toMatch(/<script|evil|alert/i);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(css(html)).toContain('--primary: #1d4e6e;');
    expect(css(html)).toContain('--accent: #f2b441;');
    expect(css(html)).toContain("--font: 'Inter'");
    expect(css(html)).not.toContain('@font-face');
    expect(html).not.toContain('<img');
  });
});
