// @ts-check
/// <reference lib="webworker" />
// Stip's service worker: the app shell comes from this cache when the network does not answer,
// so a page reloaded offline still opens its canvas (the canvas itself comes from IndexedDB).
// The build (client/sw/plugin.ts) puts STIP_VERSION and STIP_PRECACHE in front of this file.
// Only the app's own files are cached: never /api or /collab, so no canvas data and no token.

/** @type {ServiceWorkerGlobalScope} */
// @ts-expect-error: `self` is the service worker's global scope here.
const sw = self;
/** @type {string} */
// @ts-expect-error: defined by the build.
const version = STIP_VERSION;
/** @type {string[]} */
// @ts-expect-error: defined by the build.
const precache = STIP_PRECACHE;

const CACHE = `stip-${version}`;
const SHELL = '/';
/** Venue Wi-Fi can hang rather than fail: after this long, the cached shell is used. */
const NETWORK_TIMEOUT_MS = 3000;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...precache]))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('stip-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate' && !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/collab/')) {
    event.respondWith(shell(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  }
});

/**
 * Every page of the app is the same index.html: from the network when it answers in time
 * (a new version of the app shows at once), else the cached copy.
 * @param {Request} request
 */
async function shell(request) {
  const cache = await caches.open(CACHE);
  const fromNetwork = fetch(request).then(async (response) => {
    if (response.ok && (response.headers.get('content-type') ?? '').startsWith('text/html')) {
      await cache.put(SHELL, response.clone());
    }
    return response;
  });
  /** @type {Promise<Response | undefined>} */
  const late = new Promise((resolve) => setTimeout(() => resolve(undefined), NETWORK_TIMEOUT_MS));
  try {
    const response = await Promise.race([fromNetwork, late]);
    if (response) return response;
  } catch {
    // Offline: the cached shell below.
  }
  const cached = await cache.match(SHELL);
  return cached ?? fromNetwork;
}

/**
 * Built files have a hash in their name and never change: the cache first, then the network
 * (a file first needed now, such as the PDF engine, is kept for the next time).
 * @param {Request} request
 */
async function asset(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
