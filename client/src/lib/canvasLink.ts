/** The token in a canvas link's fragment (`#token=...`), where it never reaches a server log. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && /^[A-Za-z0-9_-]{16,}$/.test(token) ? token : null;
}

/** Reads a pasted Stip link into the in-app path to open, or null if it is not one. */
export function parseCanvasLink(text: string): string | null {
  try {
    const url = new URL(text.trim(), window.location.origin);
    const match = /^\/c\/([A-Za-z0-9_-]{22})(\/present)?\/?$/.exec(url.pathname);
    if (!match || !tokenFromHash(url.hash)) return null;
    return `${url.pathname}${url.hash}`;
  } catch {
    return null;
  }
}
