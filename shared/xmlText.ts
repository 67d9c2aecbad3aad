/**
 * Characters XML 1.0 does not allow, even escaped: C0 controls but tab, newline and carriage
 * return; lone surrogates; U+FFFE and U+FFFF. They come in with pasted text and make a whole
 * document (a docx part, a PDF's XMP metadata) unreadable.
 */
const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` without the characters XML cannot hold. */
export function xmlSafe(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** `text` as XML character data or attribute value: escaped, illegal characters dropped. */
export function escapeXml(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
