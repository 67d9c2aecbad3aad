import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { serviceWorker } from './client/sw/plugin';

const server = 'http://127.0.0.1:8080';
const outDir = fileURLToPath(new URL('./dist/client', import.meta.url));

/**
 * Writes a .br and a .gz next to every text asset of the build; the server sends them to
 * browsers that accept them (serveStatic `precompressed`), so venue Wi-Fi carries a third.
 */
function precompress(): Plugin {
  const compressible = /\.(js|css|html|svg|json|webmanifest)$/;
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  return {
    name: 'stip-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk(outDir).filter((f) => compressible.test(f))) {
        const data = fs.readFileSync(file);
        if (data.byteLength < 1024) continue;
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

// The client lives in client/; `npm start` and the e2e tests serve the build from dist/client.
// Absolute paths, so the config works whatever the current directory.
export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [react(), serviceWorker(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      treeshake: { manualPureFunctions: ['Extension.create', 'Node.create', 'Mark.create'] },
      output: { codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] } },
    },
  },
  // `npm run dev:server` on 8080 next to `vite`. The server checks the Origin of WebSocket
  // upgrades: add the dev origin to ALLOWED_ORIGINS (e.g. http://localhost:5173).
  server: {
    proxy: {
      '/api': server,
      '/healthz': server,
      '/collab': { target: server, ws: true },
    },
  },
});
