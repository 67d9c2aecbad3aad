import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedCanvas } from '../../shared/api';
import { DEFAULT_STYLE, readStyle, writeStyle, type CanvasStyle } from '../../shared/houseStyle';
import { styleMap } from '../../shared/docLayout';
import { checkPng, fromBase64, toBase64 } from '../../shared/styleValues';
import { connectClient, waitFor, type CollabClient } from '../helpers/collabClient';
import { collectStipMessages } from '../helpers/stipMessages';
import { startTestServer, type TestServer } from '../helpers/testServer';
import { StyleDirError } from '../../server/style/installationStyle';

const LOGO_SVG = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/style/logo.svg'));
const TOKENS = path.join(import.meta.dirname, '../fixtures/style/tokens.json');

/** The hostile SVGs of the issue, each with what the server must do with it. */
const HOSTILE = {
  script: `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" onload="alert(1)"><script>alert(document.cookie)</script><rect width="40" height="20" fill="#0b6e4f"/></svg>`,
  externalHref: `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20"><image xlink:href="https://attacker.example/track.png" width="40" height="20"/></svg>`,
  localFile: `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><image href="file:///etc/passwd" width="40" height="20"/></svg>`,
  cssUrl: `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" style="fill: url(https://attacker.example/x.svg#p)"/></svg>`,
  hugeDimension: `<svg xmlns="http://www.w3.org/2000/svg" width="50000000" height="50000000" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>`,
  billionLaughs: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&lol9;</text></svg>`,
};

describe('the house style', () => {
  let server: TestServer;
  const clients: CollabClient[] = [];
  const client = (canvas: CreatedCanvas, role: keyof CreatedCanvas['tokens']) => {
    const c = connectClient(server.url, canvas.id, canvas.tokens[role], { params: { stip: '1' } });
    clients.push(c);
    collectStipMessages(c.provider); // a handler for Stip's messages, read or not
    return c;
  };
  const api = (route: string, token: string, init: RequestInit = {}) =>
    fetch(`${server.url}${route}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });
  const uploadLogo = (canvas: CreatedCanvas, body: string | Uint8Array, role: keyof CreatedCanvas['tokens'] = 'facilitator') =>
    api(`/api/canvases/${canvas.id}/logo`, canvas.tokens[role], { method: 'POST', body: typeof body === 'string' ? body : Buffer.from(body) });
  const drawnLogo = async (canvas: CreatedCanvas): Promise<string> => {
    const response = await uploadLogo(canvas, LOGO_SVG);
    expect(response.status).toBe(200);
    return ((await response.json()) as { logo: string }).logo;
  };
  const exportOf = async (canvas: CreatedCanvas) => (await (await api(`/api/canvases/${canvas.id}/export`, canvas.tokens.viewer)).json()) as { format: string; style?: CanvasStyle };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.dispose();
  });

  it('is set by the facilitator, reaches every connection live, and is versioned, exported, imported and duplicated', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const facilitator = client(canvas, 'facilitator');
    const viewer = client(canvas, 'viewer');
    await Promise.all([facilitator.synced, viewer.synced]);
    expect(readStyle(facilitator.doc)).toEqual(DEFAULT_STYLE);
    const saved = (await (
      await api(`/api/canvases/${canvas.id}/versions`, canvas.tokens.facilitator, { method: 'POST', body: '{"name":"voor de huisstijl"}', headers: { 'content-type': 'application/json' } })
    ).json()) as { id: string };

    const style: CanvasStyle = { primaryColor: '#0b6e4f', accentColor: '#ffd166', typeface: 'firaSans', logo: await drawnLogo(canvas) };
    writeStyle(facilitator.doc, style);
    await waitFor(() => JSON.stringify(readStyle(viewer.doc)) === JSON.stringify(style), 3000, 'the viewer sees the style');
    expect(readStyle(server.rooms.get(canvas.id)!.doc)).toEqual(style);

    const exported = await exportOf(canvas);
    expect(exported.format).toBe('stip-canvas@3');
    expect(exported.style).toEqual(style);

    // Imported: a new canvas with the same style.
    const imported = (await (await fetch(`${server.url}/api/canvases/import`, { method: 'POST', body: JSON.stringify(exported), headers: { 'content-type': 'application/json' } })).json()) as CreatedCanvas;
    expect((await exportOf(imported)).style).toEqual(style);
    // Duplicated: the same.
    const duplicate = (await (await api(`/api/canvases/${canvas.id}/duplicate`, canvas.tokens.facilitator, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).json()) as CreatedCanvas;
    expect((await exportOf(duplicate)).style).toEqual(style);

    // Versioned: a version keeps the style of its moment, and restoring it brings that back.
    const later = (await (
      await api(`/api/canvases/${canvas.id}/versions`, canvas.tokens.facilitator, { method: 'POST', body: '{"name":"met huisstijl"}', headers: { 'content-type': 'application/json' } })
    ).json()) as { id: string };
    const laterExport = (await (await api(`/api/canvases/${canvas.id}/versions/${later.id}/export`, canvas.tokens.viewer)).json()) as { style: CanvasStyle };
    expect(laterExport.style).toEqual(style);
    const restore = await api(`/api/canvases/${canvas.id}/versions/${saved.id}/restore`, canvas.tokens.facilitator, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(restore.status).toBe(200);
    await waitFor(() => readStyle(viewer.doc).logo === null, 3000, 'the restore takes the style back');
    expect(readStyle(viewer.doc)).toEqual(DEFAULT_STYLE);
  });

  it('takes back an editor’s change to the style, and a facilitator’s value its schema refuses', async () => {
    const canvas = await server.createCanvas({ template: 'blank' });
    const facilitator = client(canvas, 'facilitator');
    const editor = client(canvas, 'editor');
    const toEditor = collectStipMessages(editor.provider);
    const toFacilitator = collectStipMessages(facilitator.provider);
    await Promise.all([facilitator.synced, editor.synced]);
    const room = server.rooms.get(canvas.id)!;

    // An editor (a modified client: the page offers it no such dialog).
    writeStyle(editor.doc, { ...DEFAULT_STYLE, primaryColor: '#8b0000', typeface: 'notoSerif' });
    await waitFor(() => toEditor.some((m) => m.type === 'refused' && m.reason === 'facilitatorOnly'), 3000, 'the editor is told');
    await waitFor(() => readStyle(editor.doc).primaryColor === DEFAULT_STYLE.primaryColor, 3000, 'the editor’s copy is set back');
    expect(readStyle(room.doc)).toEqual(DEFAULT_STYLE);

    // The facilitator, writing raw values past the dialog: an SVG as the logo, a PNG Stip did not
    // make (damaged), an unreadable primary colour, an unknown key. Each is taken back whole.
    const svg = new TextEncoder().encode(HOSTILE.script);
    const good = fromBase64(await drawnLogo(canvas))!;
    const damaged = good.slice();
    damaged[60] = damaged[60]! ^ 0xff;
    const attempts: [string, unknown][] = [
      ['logo', svg],
      ['logo', damaged],
      ['logo', toBase64(good)],
      ['primaryColor', '#ffd166'],
      ['typeface', 'Comic Sans'],
      ['onload', 'alert(1)'],
    ];
    for (const [key, value] of attempts) {
      const before = room.counters.updatesReverted;
      styleMap(facilitator.doc).set(key, value);
      await waitFor(() => room.counters.updatesReverted > before, 3000, `${key} is taken back`);
      await waitFor(() => !styleMap(facilitator.doc).has(key), 3000, `${key} is gone from the facilitator’s copy`);
    }
    expect(toFacilitator.filter((m) => m.type === 'refused' && m.reason === 'invalidStyle')).toHaveLength(attempts.length);
    // The blank canvas had Stip's own style, which needs no key: every attempt left nothing.
    expect([...styleMap(room.doc).keys()]).toEqual([]);
    expect(readStyle(facilitator.doc)).toEqual(DEFAULT_STYLE);

    // A valid change in the same map still goes through.
    styleMap(facilitator.doc).set('logo', good);
    await waitFor(() => readStyle(editor.doc).logo === toBase64(good), 3000, 'the good logo arrives');
  });

  it('draws an uploaded logo anew as a PNG and refuses hostile SVGs; only the facilitator may upload', async () => {
    const canvas = await server.createCanvas();
    const ok = await uploadLogo(canvas, LOGO_SVG);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('application/json');
    const body = (await ok.json()) as { logo: string; width: number; height: number };
    const png = fromBase64(body.logo)!;
    expect(checkPng(png)).toEqual({ ok: true, width: body.width, height: body.height });

    // A script (and an onload) cannot survive: what comes back is a PNG, with none of the SVG's text.
    const scripted = await uploadLogo(canvas, HOSTILE.script);
    expect(scripted.status).toBe(200);
    const scriptedPng = fromBase64(((await scripted.json()) as { logo: string }).logo)!;
    expect(checkPng(scriptedPng).ok).toBe(true);
    expect(Buffer.from(scriptedPng).toString('latin1')).not.toMatch(/script|alert|onload/i);

    for (const [name, svg] of Object.entries({ externalHref: HOSTILE.externalHref, localFile: HOSTILE.localFile, cssUrl: HOSTILE.cssUrl, hugeDimension: HOSTILE.hugeDimension, billionLaughs: HOSTILE.billionLaughs })) {
      const response = await uploadLogo(canvas, svg);
      expect(response.status, name).toBe(400);
      const error = ((await response.json()) as { error: { code: string; message: string } }).error;
      expect(error.code, name).toBe('invalid_logo');
    }
    expect((await uploadLogo(canvas, 'just text')).status).toBe(400);
    expect((await uploadLogo(canvas, LOGO_SVG, 'editor')).status).toBe(403);
    expect((await uploadLogo(canvas, LOGO_SVG, 'viewer')).status).toBe(403);
  });

  it('draws at most two logos at once; one more is told to come back (429)', async () => {
    const canvas = await server.createCanvas();
    // Slow to draw on purpose: many large blurs.
    const blurs = Array.from({ length: 40 }, (_, i) => `<rect x="${i}" y="${i}" width="300" height="100" fill="#0b6e4f" filter="url(#b)"/>`).join('');
    const slow = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><filter id="b"><feGaussianBlur stdDeviation="40"/></filter>${blurs}</svg>`;
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => uploadLogo(canvas, slow)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect((await uploadLogo(canvas, slow)).status).toBe(200);
  });

  it('prints the style: one A4 page with the chosen typeface embedded and the logo drawn', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const facilitator = client(canvas, 'facilitator');
    await facilitator.synced;
    writeStyle(facilitator.doc, { primaryColor: '#0b6e4f', accentColor: '#ffd166', typeface: 'notoSerif', logo: await drawnLogo(canvas) });
    await waitFor(() => readStyle(server.rooms.get(canvas.id)!.doc).typeface === 'notoSerif', 3000, 'stored');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-style-pdf-'));
    try {
      const file = path.join(dir, 'styled.pdf');
      fs.writeFileSync(file, Buffer.from(await (await api(`/api/canvases/${canvas.id}/pdf`, canvas.tokens.viewer)).arrayBuffer()));
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
      expect(fonts).toMatch(/NotoSerif-Bold\s.*yes\s+yes/);
      expect(fonts).not.toMatch(/Inter/);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
      expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })).toMatch(/\n\s*1\s+\d+\s+image\s+\d+\s+\d+/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the logo upload’s size limit', () => {
  it('answers 413 past 512 KB, before drawing anything', async () => {
    // A server of its own: the 413 closes its connection while fetch still sends the body.
    const server = await startTestServer();
    try {
      const canvas = await server.createCanvas();
      const tooBig = await fetch(`${server.url}/api/canvases/${canvas.id}/logo`, {
        method: 'POST',
        headers: { authorization: `Bearer ${canvas.tokens.facilitator}` },
        body: `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(600 * 1024)}</svg>`,
      });
      expect(tooBig.status).toBe(413);
      expect(((await tooBig.json()) as { error: { code: string } }).error.code).toBe('too_large');
    } finally {
      await server.dispose();
    }
  });
});

describe('the installation’s style (STYLE_DIR)', () => {
  it('gives new canvases and imports of older formats the logo and the tokens’ colours and typeface, and the home page its style', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-style-dir-'));
    fs.copyFileSync(TOKENS, path.join(dir, 'tokens.json'));
    fs.writeFileSync(path.join(dir, 'logo.svg'), LOGO_SVG);
    const styled = await startTestServer({ STYLE_DIR: dir, LOG_LEVEL: 'info' });
    try {
      const style = (await (await fetch(`${styled.url}/api/style`)).json()) as CanvasStyle;
      expect(style).toMatchObject({ primaryColor: '#0b6e4f', accentColor: '#ffd166', typeface: 'firaSans' });
      expect(checkPng(fromBase64(style.logo!)!).ok).toBe(true);
      expect(styled.logLines.join('\n')).toContain('not used by Stip: basis.border-radius.md');

      const canvas = await styled.createCanvas({ template: 'example' });
      const exported = (await (await fetch(`${styled.url}/api/canvases/${canvas.id}/export?token=${canvas.tokens.viewer}`)).json()) as { style: CanvasStyle } & Record<string, unknown>;
      expect(exported.style).toEqual(style);
      // An export of @2 has no style: it gets the installation's; one of @3 keeps its own.
      const { style: _dropped, ...rest } = exported;
      const old = (await (await fetch(`${styled.url}/api/canvases/import`, { method: 'POST', body: JSON.stringify({ ...rest, format: 'stip-canvas@2' }) })).json()) as CreatedCanvas;
      const oldExport = (await (await fetch(`${styled.url}/api/canvases/${old.id}/export?token=${old.tokens.viewer}`)).json()) as { style: CanvasStyle };
      expect(oldExport.style).toEqual(style);
      const own = (await (await fetch(`${styled.url}/api/canvases/import`, { method: 'POST', body: JSON.stringify({ ...exported, style: DEFAULT_STYLE }) })).json()) as CreatedCanvas;
      const ownExport = (await (await fetch(`${styled.url}/api/canvases/${own.id}/export?token=${own.tokens.viewer}`)).json()) as { style: CanvasStyle };
      expect(ownExport.style).toEqual(DEFAULT_STYLE);
    } finally {
      await styled.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops start-up with one sentence when its logo or theme cannot be used', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-style-bad-'));
    try {
      fs.writeFileSync(path.join(dir, 'logo.svg'), HOSTILE.billionLaughs);
      await expect(startTestServer({ STYLE_DIR: dir })).rejects.toThrow(StyleDirError);
      await expect(startTestServer({ STYLE_DIR: dir })).rejects.toThrow(/logo\.svg: The SVG has a DOCTYPE or ENTITY declaration/);
      fs.rmSync(path.join(dir, 'logo.svg'));
      fs.writeFileSync(path.join(dir, 'theme.json'), '{"primaryColor":"#ffff00"}');
      await expect(startTestServer({ STYLE_DIR: dir })).rejects.toThrow(/theme\.json: primaryColor: does not reach WCAG AA/);
      await expect(startTestServer({ STYLE_DIR: path.join(dir, 'missing') })).rejects.toThrow(/is not a directory/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
