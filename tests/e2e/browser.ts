import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Same sentence as scripts/chromium.mjs, which `npm test` checks before any test runs. */
export const CHROMIUM_MISSING =
  'Chromium not found: install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium binary, then run npm test again.';

/** Debian's Chromium driven by playwright-core (`npx playwright install` cannot download here). */
export async function launchBrowser(): Promise<Browser> {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const executablePath = candidates.find((file) => fs.existsSync(file));
  if (!executablePath) throw new Error(CHROMIUM_MISSING);
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
