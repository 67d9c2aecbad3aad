import type { CanvasExport } from '../../shared/exportFormat';
import { exampleCanvas } from '../../shared/templates';
import { atMost, type Figure } from '../lib/figures';
import { startStip } from '../lib/servers';
import { maxOf, median } from '../lib/stats';
import { createCanvas, importCanvasOverHttp } from '../lib/stipApi';

const GROUP = '2 PDF';
const RUNS = 20;
const WARMUP = 3;

/** Every zone's content four times over: the fit search has to shrink the type. */
export function timesFour(canvas: CanvasExport): CanvasExport {
  const four = <T>(list: T[]) => [...list, ...list, ...list, ...list];
  return {
    ...canvas,
    horizon: { type: 'doc', content: four(canvas.horizon.content) },
    obstacles: { type: 'doc', content: four(canvas.obstacles.content) },
    pillars: canvas.pillars.map((p) => ({ title: p.title, body: { type: 'doc', content: four(p.body.content) } })),
    actions: { type: 'doc', content: four(canvas.actions.content) },
  };
}

/** GET /api/canvases/:id/pdf against a running server, median of 20 after a warm-up. */
export async function pdfRender(log: (line: string) => void): Promise<Figure[]> {
  const server = await startStip();
  try {
    const example = await createCanvas(server.httpUrl, { template: 'example', language: 'nl' });
    const long = await importCanvasOverHttp(server.httpUrl, timesFour(exampleCanvas('nl')));
    const render = async (id: string, token: string): Promise<{ ms: number; bytes: number }> => {
      const started = performance.now();
      const response = await fetch(`${server.httpUrl}/api/canvases/${id}/pdf`, { headers: { authorization: `Bearer ${token}` } });
      const body = await response.arrayBuffer();
      const ms = performance.now() - started;
      if (response.status !== 200 || response.headers.get('content-type') !== 'application/pdf') {
        throw new Error(`PDF of ${id}: ${response.status} ${response.headers.get('content-type')}`);
      }
      return { ms, bytes: body.byteLength };
    };
    const series = async (label: string, id: string, token: string) => {
      for (let i = 0; i < WARMUP; i++) await render(id, token);
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const r = await render(id, token);
        times.push(r.ms);
        bytes = r.bytes;
      }
      log(`  ${label}: median ${median(times).toFixed(0)} ms, max ${maxOf(times).toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KiB`);
      return { median: median(times), max: maxOf(times), bytes };
    };
    const ex = await series('example', example.id, example.tokens.viewer);
    const four = await series('four times long', long.id, long.tokens.viewer);
    return [
      atMost(GROUP, 'example, median of 20', ex.median, 'ms', 300, undefined, `max ${ex.max.toFixed(0)} ms, ${(ex.bytes / 1024).toFixed(0)} KiB`),
      atMost(GROUP, 'four times long (fit search), median of 20', four.median, 'ms', 1500, undefined, `max ${four.max.toFixed(0)} ms, ${(four.bytes / 1024).toFixed(0)} KiB`),
    ];
  } finally {
    await server.stop();
  }
}
