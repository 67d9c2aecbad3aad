/** Link targets a canvas may hold. Anything else (javascript:, data:, file:) is dropped. */
export const ALLOWED_LINK_PROTOCOLS = ['http:', 'https:', 'mailto:'] as const;

/** Whether `href` is an absolute http, https or mailto URL of sane length. */
export function isAllowedHref(href: unknown): href is string {
  if (typeof href !== 'string' || href.length === 0 || href.length > 2048) return false;
  try {
    const url = new URL(href);
    return (ALLOWED_LINK_PROTOCOLS as readonly string[]).includes(url.protocol);
  } catch {
    return false;
  }
}

/** A piece of text that stands for a link: where it starts, the text itself, its href. */
export interface TextLink {
  index: number;
  text: string;
  href: string;
}

// A domain without scheme or www. is linked only under these top-level domains: the common
// ones of Dutch and Belgian workshops, instead of the full list that linkifyjs ships. Lower
// case only, so a missing space before a sentence ("klaar.Nu") is not a link.
const BARE_DOMAIN_TLDS = new Set(['nl', 'be', 'eu', 'com', 'org', 'net', 'info', 'io']);
const LABEL = '[a-z\\d](?:[a-z\\d-]*[a-z\\d])?';
const HOST = new RegExp(`^(?:${LABEL}\\.)+[a-z]{2,}$`, 'i');
const EMAIL = new RegExp(`^[\\w.%+-]+@(?:${LABEL}\\.)+[a-z]{2,}$`, 'i');
// Longer than any allowed href (isAllowedHref): not worth a look.
const MAX_WORD = 2100;
const LEADING = `([{<"'‘“`;
const TRAILING = `.,;:!?"'’”>`;

/**
 * The href that `text` stands for when typed or pasted: https://, http:// and mailto: as they
 * are, www.example.nl and example.nl (common TLD) with https://, an e-mail address with
 * mailto:. Null for anything else ("1.5", "e.g.", "v2.0", "rapport.pdf").
 */
export function hrefForText(text: string): string | null {
  let href: string;
  if (/^https?:\/\//i.test(text)) href = text;
  else if (/^mailto:/i.test(text)) href = EMAIL.test(text.slice(7).split('?')[0]!) ? text : '';
  else if (EMAIL.test(text)) href = `mailto:${text}`;
  else {
    const host = text.split(/[/?#]/, 1)[0]!;
    if (!HOST.test(host)) return null;
    const labels = host.split('.');
    const bare = BARE_DOMAIN_TLDS.has(labels.at(-1)!) && labels[0]!.length > 1;
    href = /^www\./i.test(host) || bare ? `https://${text}` : '';
  }
  return isAllowedHref(href) && hasHost(href) ? href : null;
}

function hasHost(href: string): boolean {
  const url = new URL(href);
  return url.protocol === 'mailto:' || /[a-z\d]/i.test(url.hostname);
}

/** The link inside one whitespace-free word, without the punctuation around it ("(www.x.nl)."). */
function linkInWord(word: string, index: number): TextLink | null {
  if (word.length > MAX_WORD) return null;
  let start = 0;
  let end = word.length;
  while (start < end && LEADING.includes(word[start]!)) start++;
  while (end > start) {
    const last = word[end - 1]!;
    const unbalanced = (open: string, close: string) =>
      last === close && word.slice(start, end).split(close).length > word.slice(start, end).split(open).length;
    if (TRAILING.includes(last) || unbalanced('(', ')') || unbalanced('[', ']')) end--;
    else break;
  }
  const text = word.slice(start, end);
  const href = text ? hrefForText(text) : null;
  return href ? { index: index + start, text, href } : null;
}

/** Every link in a text, word by word (what a paste turns into links). */
export function findLinks(text: string): TextLink[] {
  const links: TextLink[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    const link = linkInWord(match[0], match.index);
    if (link) links.push(link);
  }
  return links;
}

/** The link that ends the text, give or take closing punctuation (what a typed space links). */
export function linkAtEnd(text: string): TextLink | null {
  // Scanned from the end: a regex such as /\S+$/ retries from every position of a long text.
  let start = text.length;
  while (start > 0 && text.length - start <= MAX_WORD && !/\s/.test(text[start - 1]!)) start--;
  return start < text.length ? linkInWord(text.slice(start), start) : null;
}
