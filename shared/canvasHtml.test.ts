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
