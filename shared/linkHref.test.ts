import { describe, expect, it } from 'vitest';
import { findLinks, hrefForText, isAllowedHref, linkAtEnd } from './linkHref';

describe('isAllowedHref', () => {
  it.each([
    ['https://gemeente.nl/afval', true],
    ['http://example.org', true],
    ['mailto:team@example.org', true],
    ['javascript:alert(1)', false],
    ['JavaScript:alert(1)', false],
    ['javascript://example.org/%0aalert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['file:///etc/passwd', false],
    ['vbscript:msgbox(1)', false],
    ['www.example.nl', false],
    ['/relative/path', false],
    ['', false],
    [null, false],
    [`https://example.org/${'a'.repeat(2100)}`, false],
  ])('%s -> %s', (href, allowed) => {
    expect(isAllowedHref(href)).toBe(allowed);
  });
});

describe('the text that becomes a link', () => {
  it.each([
    ['https://gemeente.nl/afval?jaar=2025#kalender', 'https://gemeente.nl/afval?jaar=2025#kalender'],
    ['http://intranet.local', 'http://intranet.local'],
    ['HTTPS://Example.org', 'HTTPS://Example.org'],
    ['www.example.nl', 'https://www.example.nl'],
    ['www.stip.frl/over', 'https://www.stip.frl/over'],
    ['gemeente.nl', 'https://gemeente.nl'],
    ['waterschap-rivierenland.nl/plannen', 'https://waterschap-rivierenland.nl/plannen'],
    ['vlaanderen.be', 'https://vlaanderen.be'],
    ['europa.eu', 'https://europa.eu'],
    ['jan.de.vries@gemeente.nl', 'mailto:jan.de.vries@gemeente.nl'],
    ['mailto:team@example.org?subject=Stip', 'mailto:team@example.org?subject=Stip'],
  ])('%s links to %s', (text, href) => {
    expect(hrefForText(text)).toBe(href);
  });

  it.each([
    '1.5', 'e.g', 'i.e', 'v2.0', '3.nl', 'o.a', 'etc', 'klaar.Nu', 'werkt.De', 'rapport.pdf', 'index.html',
    'gemeente.frl', 'www.', 'www.x', 'https://', 'http://.', 'mailto:', 'mailto:niemand', '@gemeente.nl',
    'jan@localhost', 'gemeente.nl:8080', 'javascript:alert(1)', 'javascript://gemeente.nl', 'ftp://example.org', 'a..nl',
  ])('%s is no link', (text) => {
    expect(hrefForText(text)).toBeNull();
  });
});

describe('findLinks', () => {
  it('finds each link in a text without the punctuation around it', () => {
    expect(findLinks('Zie www.example.nl, (gemeente.nl/afval) en "https://x.org/a_(b)". Of jan@x.nl!')).toEqual([
      { index: 4, text: 'www.example.nl', href: 'https://www.example.nl' },
      { index: 21, text: 'gemeente.nl/afval', href: 'https://gemeente.nl/afval' },
      { index: 44, text: 'https://x.org/a_(b)', href: 'https://x.org/a_(b)' },
      { index: 69, text: 'jan@x.nl', href: 'mailto:jan@x.nl' },
    ]);
  });

  it('finds nothing in prose with dots, versions and abbreviations', () => {
    expect(findLinks('Score 1.5 in v2.0, o.a. e.g. bijv. 3.nl etc... klaar.Nu verder')).toEqual([]);
  });
});

describe('linkAtEnd', () => {
  it('finds the link that ends the text, before closing punctuation', () => {
    expect(linkAtEnd('Kijk op www.example.nl')).toEqual({ index: 8, text: 'www.example.nl', href: 'https://www.example.nl' });
    expect(linkAtEnd('(zie gemeente.nl).')).toEqual({ index: 5, text: 'gemeente.nl', href: 'https://gemeente.nl' });
  });

  it('finds nothing when the last word is no link or the text ends in a space', () => {
    expect(linkAtEnd('versie 2.0')).toBeNull();
    expect(linkAtEnd('www.example.nl ')).toBeNull();
    expect(linkAtEnd('')).toBeNull();
  });
});
