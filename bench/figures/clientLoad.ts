import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../../tests/e2e/browser';
import { atMost, type Figure } from '../lib/figures';
import { startStip } from '../lib/servers';
import { maxOf, median } from '../lib/stats';
import { createCanvas } from '../lib/stipApi';

const GROUP = '7 client';
const RUNS = 7;
const CLIENT_DIR = path.resolve('dist/client');

interface Load {
  /** Navigation start to an editable, synced canvas, in the page's own clock. */
  ms: number;
  /** Every script the page had started to fetch by then. */
  scripts: string[];
  /** Scripts it fetched in the 1.5 s after (preloads once idle). */
  later: string[];
}

/**
 * The editor of the example canvas in Chromium, each run in a fresh context (nothing cached):
 * the time from navigation to an editable, synced canvas, and the JavaScript fetched before
 * that moment, gzipped as the server sends it (the build's own .gz files).
 */
export async function clientLoad(log: (line: string) => void): Promise<Figure[]> {
  // Always the current client, built as `npm start` builds it.
  execFileSync(path.resolve('node_modules/.bin/vite'), ['build', '--logLevel', 'error'], { stdio: 'inherit' });
  const server = await startStip({ CLIENT_DIR });
  const browser = await launchBrowser();
  try {
    const canvas = await createCanvas(server.httpUrl, { template: 'example', language: 'nl' });
    const url = new URL(canvas.links.editor);
    const loads: Load[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
      await context.addInitScript(() => window.localStorage.setItem('stip.name', 'Bench'));
      const page = await context.newPage();
      await page.goto(`${server.httpUrl}${url.pathname}${url.hash}`);
      // The moment is taken in the page, on the first frame where the canvas is editable,
      // filled and connected; what the app fetches after it (dialogs it preloads once idle)
      // does not count as loaded before the editor is interactive, and is listed apart.
      const ready = await page.waitForFunction(
        () => {
          const connected = document.querySelector('[data-testid=connection-status][data-status=connected]') !== null;
          const editor = document.querySelector('[data-zone=horizon] .zone-editor [contenteditable=true]') ?? document.querySelector('[data-zone=horizon] [contenteditable=true]');
          return connected && editor !== null && (editor.textContent ?? '').trim().length > 0 ? performance.now() : false;
        },
        undefined,
        { polling: 'raf', timeout: 30_000 },
      );
      const readyMs = (await ready.jsonValue()) as number;
      await page.waitForTimeout(1500); // let the idle-time preloads happen, to list them
      const load = await page.evaluate((at) => {
        const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => /\.m?js(\?|$)/.test(e.name));
        return {
          ms: at,
          scripts: scripts.filter((e) => e.startTime <= at).map((e) => e.name),
          later: scripts.filter((e) => e.startTime > at).map((e) => e.name),
        };
      }, readyMs);
      loads.push(load);
      await context.close();
    }
    const times = loads.map((l) => l.ms);
    // A file fetched before the moment in any run counts.
    const scripts = [...new Set(loads.flatMap((l) => l.scripts))];
    const later = [...new Set(loads.flatMap((l) => l.later))].filter((name) => !scripts.includes(name));
    const bytes = scripts.map(builtSize);
    const gzipKb = bytes.reduce((sum, b) => sum + b.gzip, 0) / 1000;
    const rawKb = bytes.reduce((sum, b) => sum + b.raw, 0) / 1000;
    for (const b of bytes) log(`  ${b.name}: ${(b.raw / 1000).toFixed(0)} kB, ${(b.gzip / 1000).toFixed(0)} kB gzipped`);
    const laterKb = later.map(builtSize).reduce((sum, b) => sum + b.gzip, 0) / 1000;
    if (later.length > 0) log(`  fetched after the editor was interactive (preloads): ${later.map((name) => path.basename(new URL(name).pathname)).join(', ')}; ${laterKb.toFixed(1)} KB gzipped`);
    log(`  navigation to editable and synced: median ${median(times).toFixed(0)} ms, max ${maxOf(times).toFixed(0)} ms (${RUNS} fresh contexts)`);
    const pdfEngineLoaded = scripts.some((s) => /browserPdfEngine/.test(s));
    return [
      atMost(GROUP, 'JavaScript before the editor is interactive, gzipped', gzipKb, 'KB', 250, undefined, `${rawKb.toFixed(0)} KB raw, ${scripts.length} files; PDF engine ${pdfEngineLoaded ? 'LOADED' : 'not loaded'}`),
      atMost(GROUP, `navigation to an editable, synced canvas, median of ${RUNS}`, median(times), 'ms', 1500, undefined, `max ${maxOf(times).toFixed(0)} ms; fresh context each run`),
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** A built file's size as stored and as the server sends it (its .gz twin). */
function builtSize(url: string): { name: string; raw: number; gzip: number } {
  const file = path.join(CLIENT_DIR, new URL(url).pathname);
  const gz = `${file}.gz`;
  return { name: path.basename(file), raw: fs.statSync(file).size, gzip: fs.existsSync(gz) ? fs.statSync(gz).size : fs.statSync(file).size };
}
