import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = 'http://127.0.0.1:8080';

// The client lives in client/; `npm start` and the e2e tests serve the build from dist/client.
// Absolute paths, so the config works whatever the current directory.
export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
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
