import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Plugin } from 'vite';

/**
 * Files a page needs offline: the app's code and styles, and the Latin subsets of the screen
 * font. The PDF engine and its TTF fonts (over 2 MB) are left out of the first download on
 * venue Wi-Fi; the service worker keeps them once a PDF has been made.
 */
const PRECACHED = /\.(js|css|svg)$|inter-latin(-ext)?-[\w-]+\.woff2$/;
const LEFT_OUT = /browserPdfEngine/;

/**
 * Emits `/sw.js`: client/sw/serviceWorker.js with the build's version and the list of files to
 * cache in front. Build only: the dev server has no service worker.
 */
export function serviceWorker(): Plugin {
  const source = fs.readFileSync(new URL('./serviceWorker.js', import.meta.url), 'utf8');
  return {
    name: 'stip-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => PRECACHED.test(name) && !LEFT_OUT.test(name))
        .sort()
        .map((name) => `/${name}`);
      const version = crypto.createHash('sha256').update(files.join('\n')).update(source).digest('hex').slice(0, 12);
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: `const STIP_VERSION = ${JSON.stringify(version)};\nconst STIP_PRECACHE = ${JSON.stringify(files)};\n${source}`,
      });
    },
  };
}
