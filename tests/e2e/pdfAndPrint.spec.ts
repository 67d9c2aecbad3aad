import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exampleCanvas } from '../../shared/templates';
import type { CanvasExport } from '../../shared/exportFormat';
import type { CreatedCanvas } from '../../shared/api';
import { missingWords, readPdf, readTaggedPdf } from '../helpers/pdfText';
import { openCanvas, personContext, useServerAndBrowser } from './fixtures';

function timesFour(canvas: CanvasExport): CanvasExport {
  const four = <T,>(list: T[]) => [...list, ...list, ...list, ...list];
  return {
    ...canvas,
    obstacles: { type: 'doc', content: four(canvas.obstacles.content) },
    pillars: canvas.pillars.map((p) => ({ title: p.title, body: { type: 'doc', content: four(p.body.content) } })),
    actions: { type: 'doc', content: four(canvas.actions.content) },
  };
}

describe('PDF and print in the browser', () => {
  const world = useServerAndBrowser();

  async function importCanvas(data: CanvasExport) {
    const response = await fetch(`${world.server.url}/api/canvases/import`, { method: 'POST', body: JSON.stringify(data) });
    expect(response.status).toBe(201);
    return (await response.json()) as CreatedCanvas;
  }

  it('downloads a one-page A4 PDF built in the browser, loading the PDF engine only then', async () => {
    const canvas = await world.server.createCanvas({ template: 'example', title: 'Visie 2027' });
    const context = await personContext(world.browser, 'Dirk');
    const page = await openCanvas(context, world.server, canvas.links.viewer);
    const scripts = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\.(js|ttf)(\?|$)/.test(n)));
    expect((await scripts()).some((name) => /browserPdfEngine|\.ttf/.test(name))).toBe(false);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=download-pdf]').click()]);
    expect(download.suggestedFilename()).toBe('Visie-2027.pdf');
    const bytes = fs.readFileSync((await download.path())!);
    const facts = await readPdf(bytes);
    expect(facts.pages).toBe(1);
    expect(facts.width).toBeCloseTo(595.28, 1);
    expect(facts.height).toBeCloseTo(841.89, 1);
    expect(missingWords('Nulmeting tevredenheid geëvalueerd € 120.000', facts.text)).toEqual([]);
    // Tagged as the server's is (server/pdf/taggedPdf.test.ts checks the whole tree).
    const tagged = await readTaggedPdf(bytes);
    expect([tagged.marked, tagged.displayDocTitle, tagged.lang, tagged.title]).toEqual([true, true, 'nl', 'Visie 2027']);
    const top = tagged.root?.children[0]?.children ?? [];
    expect(top.map((node) => node.role)).toEqual(['H1', 'P', 'Sect', 'Sect', 'Sect', 'Sect']);
    expect(top[0]!.text).toBe('Visie 2027');
    expect(tagged.untagged.trim()).toBe('');
    expect((await scripts()).some((name) => /browserPdfEngine/.test(name))).toBe(true);
    await context.close();
  });

  it('prints the print view as exactly one A4 page, also when the text is four times as long', async () => {
    for (const data of [exampleCanvas('nl'), timesFour(exampleCanvas('nl'))]) {
      const canvas = await importCanvas(data);
      const context = await personContext(world.browser, null);
      const page = await context.newPage();
      await page.goto(`${world.server.url}/c/${canvas.id}/print#token=${canvas.tokens.viewer}&print=0`);
      await page.locator('[data-testid=print-view][data-ready=true]').waitFor();
      await page.evaluate(() => document.fonts.ready);
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const facts = await readPdf(pdf);
      expect(facts.pages).toBe(1);
      expect(facts.width).toBeCloseTo(595.28, 0);
      expect(facts.height).toBeCloseTo(841.89, 0);
      expect(missingWords('Inwonerspanel Wethouder Q4 2027', facts.text)).toEqual([]);
      await context.close();
    }
  });

  it('warns in the editor when the type falls below 8 pt, naming the fullest zones', async () => {
    const huge = exampleCanvas('nl');
    const items = Array.from({ length: 60 }, (_, i) => ({
      type: 'listItem',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: `Obstakel nummer ${i} met een flinke toelichting die meer dan een regel beslaat op het canvas.` }] }],
    }));
    huge.obstacles = { type: 'doc', content: [{ type: 'bulletList', content: items }] };
    const canvas = await importCanvas(huge);
    const context = await personContext(world.browser, 'Eva');
    const page = await openCanvas(context, world.server, canvas.links.editor);
    const warning = page.locator('[data-testid=fit-warning]');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('Obstakels');
    const scale = Number(await page.locator('[data-testid=a4-page]').getAttribute('data-type-scale'));
    expect(scale).toBeLessThan(8 / 9.5);

    // The example itself fits at full size: no warning.
    const normal = await openCanvas(context, world.server, (await importCanvas(exampleCanvas('nl'))).links.editor);
    await normal.waitForTimeout(300);
    expect(await normal.locator('[data-testid=fit-warning]').count()).toBe(0);
    expect(await normal.locator('[data-testid=a4-page]').getAttribute('data-type-scale')).toBe('1');
    await context.close();
  });
});
