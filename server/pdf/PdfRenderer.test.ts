import { afterEach, describe, expect, it } from 'vitest';
import { blankCanvas } from '../../shared/templates';
import { createLogger } from '../logger';
import { MAX_PDF_QUEUE, PdfBusy, PdfRenderer, PdfTimeout } from './PdfRenderer';

const fixture = new URL('./PdfRenderer.fixture.mjs', import.meta.url);
const canvas = (title: string) => async () => blankCanvas('nl', title);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('the PDF renderer’s queue', () => {
  let renderer: PdfRenderer | null = null;
  afterEach(async () => {
    await renderer?.close();
    renderer = null;
  });

  it('fails only the job past its deadline; the jobs behind it are made on a new worker', async () => {
    renderer = new PdfRenderer(createLogger('silent'), { timeoutMs: 400, workerUrl: fixture });
    const hanging = renderer.render(canvas('hang'));
    const behind = [renderer.render(canvas('een')), renderer.render(canvas('twee'))];
    await expect(hanging).rejects.toBeInstanceOf(PdfTimeout);
    const made = await Promise.all(behind);
    expect(made.map((pdf) => text(pdf.bytes))).toEqual(['%PDF een', '%PDF twee']);
    // The renderer goes on working afterwards.
    expect(text((await renderer.render(canvas('drie'))).bytes)).toBe('%PDF drie');
  });

  it('fails only the job whose render fails', async () => {
    renderer = new PdfRenderer(createLogger('silent'), { workerUrl: fixture });
    const failing = renderer.render(canvas('fail'));
    const fine = renderer.render(canvas('goed'));
    await expect(failing).rejects.toThrow('the layout failed');
    expect(text((await fine).bytes)).toBe('%PDF goed');
  });

  it('refuses a job past the queue before building its input', async () => {
    renderer = new PdfRenderer(createLogger('silent'), { timeoutMs: 2000, workerUrl: fixture });
    const queued = Array.from({ length: MAX_PDF_QUEUE }, () => renderer!.render(canvas('hang')).catch((error: Error) => error));
    let built = false;
    await expect(
      renderer.render(async () => {
        built = true;
        return blankCanvas('nl', 'te veel');
      }),
    ).rejects.toBeInstanceOf(PdfBusy);
    expect(built).toBe(false);
    await renderer.close();
    await Promise.all(queued);
  });
});
