// `npm test`: every tier (unit, integration, e2e) with vitest's closing summary.
// `npm test -- e2e` (or `npm run test:e2e`) runs only the browser tests; other arguments go to vitest.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_MISSING, findChromium } from './chromium.mjs';
import { runChild } from './runChild.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const args = process.argv.slice(2);
const onlyE2e = args[0] === 'e2e';
const vitestArgs = ['run', ...(onlyE2e ? ['--project', 'e2e', ...args.slice(1)] : args)];

// Never skip the browser tests silently: without Chromium the run fails here.
const chromium = findChromium();
if (!chromium) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}
// tests/e2e/browser.ts launches exactly the binary checked here.
const env = { ...process.env, CHROMIUM_PATH: chromium };

// The e2e tests serve the built client from the real server.
console.log('Building the client (vite build)…');
const built = await runChild(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: root, env });
if (built !== 0) process.exit(built);

process.exit(await runChild(bin('vitest'), vitestArgs, { cwd: root, env }));
