import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportCanvas, importCanvas, sanitizeZone, validateCanvasExport } from './canvasTransfer';
import { EXPORT_FORMAT } from './exportFormat';
import { blankCanvas, exampleCanvas } from './templates';
import { zoneFragment } from './docLayout';

let counter = 0;
const pillarId = () => `p${counter++}`;

function roundTrip(input: unknown) {
  const first = validateCanvasExport(input);
  if (!first.ok) throw new Error(first.message);
  const doc = new Y.Doc();
  importCanvas(doc, first.value, pillarId);
  return exportCanvas(doc);
}

describe('export and import', () => {
  it.each([
    ['the Dutch example', exampleCanvas('nl')],
    ['the English example', exampleCanvas('en')],
    ['a blank canvas', blankCanvas('nl', 'Leeg')],
  ])('give back the same JSON for %s', (_name, canvas) => {
    const exported = roundTrip(canvas);
    expect(roundTrip(JSON.parse(JSON.stringify(exported)))).toEqual(exported);
    expect(exported.title).toBe(canvas.title);
    expect(exported.pillars).toHaveLength(canvas.pillars.length);
  });

  it('keeps marks, lists, links and the action table of the example', () => {
    const exported = JSON.stringify(roundTrip(exampleCanvas('nl')));
    for (const needle of ['"bold"', '"italic"', '"bulletList"', '"table"', '"tableHeader"', 'Wanneer', 'Q4 2027', '€ 120.000']) {
      expect(exported).toContain(needle);
    }
  });

  it('exports a missing zone and empty content as a blank zone', () => {
    const exported = roundTrip({ format: EXPORT_FORMAT, horizon: { type: 'doc' }, obstacles: { type: 'doc', content: [] } });
    expect(exported.horizon).toEqual({ type: 'doc', content: [] });
    expect(exported.obstacles).toEqual({ type: 'doc', content: [] });
    expect(exported.actions).toEqual({ type: 'doc', content: [] });
    expect(exported.pillars).toEqual([]);
    expect(exported.language).toBe('nl');
  });

  it('writes the import over what the document held', () => {
    const doc = new Y.Doc();
    const example = validateCanvasExport(exampleCanvas('nl'));
    const blank = validateCanvasExport(blankCanvas('en', 'New'));
    if (!example.ok || !blank.ok) throw new Error('templates must be valid');
    importCanvas(doc, example.value, pillarId);
    importCanvas(doc, blank.value, pillarId);
    const exported = exportCanvas(doc);
    expect(exported.title).toBe('New');
    expect(exported.language).toBe('en');
    expect(exported.horizon.content).toEqual([]);
  });
});

describe('validateCanvasExport', () => {
  const reject = (input: unknown) => {
    const result = validateCanvasExport(input);
    expect(result.ok).toBe(false);
    return result.ok ? '' : result.message;
  };

  it('names the unknown node type', () => {
    expect(reject({ format: EXPORT_FORMAT, horizon: { type: 'doc', content: [{ type: 'codeBlock' }] } })).toBe(
      'horizon: unknown node type "codeBlock"',
    );
  });

  it('names an unknown top-level field', () => {
    expect(reject({ format: EXPORT_FORMAT, zones: [] })).toBe('the document: unknown field "zones".');
  });

  it('names the format when it is missing or wrong', () => {
    expect(reject({ title: 'x' })).toMatch(/^format: /);
    expect(reject('a string')).toMatch(/expected object/);
  });

  it('rejects more than five pillars', () => {
    const pillars = Array.from({ length: 6 }, () => ({ title: 'p' }));
    expect(reject({ format: EXPORT_FORMAT, pillars })).toMatch(/^pillars: /);
  });

  it('rejects content the schema does not allow, with the zone in the message', () => {
    expect(reject({ format: EXPORT_FORMAT, obstacles: { type: 'doc', content: [{ type: 'text', text: 'loose' }] } })).toMatch(
      /^obstacles: /,
    );
    expect(
      reject({ format: EXPORT_FORMAT, pillars: [{ title: 'a', body: { type: 'doc', content: [{ type: 'table', content: [] }] } }] }),
    ).toBe('pillars.0.body: a table is only allowed in the action plan');
  });

  it('rejects links that are not http, https or mailto', () => {
    for (const href of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'not a url']) {
      const text = { type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href } }] };
      expect(reject({ format: EXPORT_FORMAT, horizon: { type: 'doc', content: [{ type: 'paragraph', content: [text] }] } })).toContain(
        'not an http, https or mailto address',
      );
    }
  });

  it('survives absurdly deep nesting with a message instead of a crash', () => {
    let node: Record<string, unknown> = { type: 'paragraph' };
    for (let i = 0; i < 20_000; i++) node = { type: 'bulletList', content: [{ type: 'listItem', content: [node] }] };
    expect(reject({ format: EXPORT_FORMAT, horizon: { type: 'doc', content: [node] } }).length).toBeGreaterThan(0);
  });
});

describe('export of content written by a raw Yjs client', () => {
  it('drops a javascript: link and an unknown node but keeps their text', () => {
    const doc = new Y.Doc();
    const heading = new Y.XmlElement('heading');
    const text = new Y.XmlText();
    text.insert(0, 'Click me', { link: { href: 'javascript:alert(1)' }, bold: {} });
    heading.insert(0, [text]);
    zoneFragment(doc, 'horizon').insert(0, [heading]);
    const exported = exportCanvas(doc);
    expect(exported.horizon).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Click me', marks: [{ type: 'bold' }] }] }],
    });
  });

  it('drops a table outside the action plan', () => {
    const zone = sanitizeZone(
      {
        type: 'doc',
        content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'cell' }] }] }] }] }],
      },
      false,
    );
    expect(JSON.stringify(zone)).not.toContain('table');
    expect(JSON.stringify(zone)).toContain('cell');
  });
});
