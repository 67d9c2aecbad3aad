/**
 * Characters XML 1.0 does not allow, even escaped: C0 controls but tab, newline and carriage
 * return; lone surrogates; U+FFFE and U+FFFF. They come in with pasted text and make a whole
 * document (a docx part, a PDF's XMP metadata) unreadable.
 */
const XML_ILLEGAL = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** `text` without the characters XML cannot hold. */
export function xmlSafe(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** `text` as XML character data or attribute value: escaped, illegal characters dropped. */
export function escapeXml(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
