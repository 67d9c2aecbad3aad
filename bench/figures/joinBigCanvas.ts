import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket from 'ws';
import { importCanvas } from '../../shared/canvasTransfer';
import type { CanvasExport, RichNode } from '../../shared/exportFormat';
import { exampleCanvas } from '../../shared/templates';
import { SQLITE, type Backend } from '../lib/backends';
import { atMost, info, type Figure } from '../lib/figures';
import { startStip } from '../lib/servers';
import { maxOf, median } from '../lib/stats';
import { importCanvasOverHttp } from '../lib/stipApi';
import { connectClient, within } from '../lib/yClient';

const GROUP = '4 join a big canvas';
const TARGET_BYTES = 1.4e6;
const JOINS = 10;

const WORDS = 'de gemeente wil dat inwoners hun zaken online regelen snel duidelijk en zonder wachtrij voor iedereen'.split(' ');

/** A paragraph of `words` words, every third one bold and every fifth italic: many Yjs items, as typed text has. */
function paragraph(seed: number, words: number): RichNode {
  const content: RichNode[] = [];
  for (let w = 0; w < words; w++) {
    const word = `${WORDS[(seed + w * 7) % WORDS.length]!}${w < words - 1 ? ' ' : '.'}`;
    const marks = [...((seed + w) % 3 === 0 ? [{ type: 'bold' }] : []), ...((seed + w) % 5 === 0 ? [{ type: 'italic' }] : [])];
    content.push(marks.length > 0 ? { type: 'text', text: word, marks } : { type: 'text', text: word });
  }
  return { type: 'paragraph', content };
}

/** The example canvas with `paragraphs` extra paragraphs spread over the zones. */
function bigCanvas(paragraphs: number): CanvasExport {
  const base = exampleCanvas('nl', 'Groot canvas');
  const extra = (zone: number, count: number) =>
    Array.from({ length: count }, (_, i) => paragraph(zone * 100_003 + i, 12 + (i % 9)));
  const share = Math.ceil(paragraphs / 8);
  return {
    ...base,
    horizon: { type: 'doc', content: [...base.horizon.content, ...extra(0, share)] },
    obstacles: { type: 'doc', content: [...base.obstacles.content, ...extra(1, share)] },
    pillars: base.pillars.map((p, i) => ({ title: p.title, body: { type: 'doc', content: [...p.body.content, ...extra(2 + i, share)] } })),
    actions: { type: 'doc', content: [...base.actions.content, ...extra(7, share)] },
  };
}

/**
 * Encoded size with a client id of five varint bytes, as 15 in 16 random ids (the server's
 * import picks one) are: every item carries its origin's client id, so it moves the size.
 */
function encodedSize(data: CanvasExport): number {
  const doc = new Y.Doc();
  doc.clientID = 0xfffffff0;
  let n = 0;
  importCanvas(doc, data, () => `p${n++}`);
  const size = Y.encodeStateAsUpdate(doc).byteLength;
  doc.destroy();
  return size;
}

/** A canvas of about 1.4 MB encoded: time for a new y-websocket client to sync while others are in it. */
export async function joinBigCanvas(log: (line: string) => void, backend: Backend = SQLITE, group = GROUP): Promise<Figure[]> {
  // Size the content: encoded bytes grow linearly with the paragraphs.
  const probe = encodedSize(bigCanvas(800));
  const paragraphs = Math.ceil((800 * TARGET_BYTES) / probe);
  const data = bigCanvas(paragraphs);
  const bytes = encodedSize(data);
  log(`  ${paragraphs} paragraphs, ${(bytes / 1e6).toFixed(2)} MB encoded, ${(JSON.stringify(data).length / 1e6).toFixed(1)} MB of JSON`);

  const server = await startStip({ MAX_BODY_BYTES: String(64 * 1024 * 1024), ...backend.env });
  try {
    const created = await importCanvasOverHttp(server.httpUrl, data);
    const join = async () => {
      const client = connectClient(server.wsBase, created.id, created.tokens.editor);
      const syncedAt = await within(client.synced, 60_000, 'join');
      return { client, ms: syncedAt - client.startedAt };
    };
    // The first join loads the room from storage; it stays loaded while this client stays.
    const host = await join();
    const hostBytes = Y.encodeStateAsUpdate(host.client.doc).byteLength;
    const times: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < JOINS; i++) {
      const joined = await join();
      times.push(joined.ms);
      joined.client.destroy();
      raw.push(await rawSyncStep2(server.wsBase, created.id, created.tokens.editor));
    }
    // Where the time goes, measured in this process on the same state: the encoding the
    // server does for every join, and the decoding every joining client does.
    const encodeMs: number[] = [];
    const applyMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      let started = performance.now();
      const state = Y.encodeStateAsUpdate(host.client.doc);
      encodeMs.push(performance.now() - started);
      const fresh = new Y.Doc();
      started = performance.now();
      Y.applyUpdate(fresh, state);
      applyMs.push(performance.now() - started);
      fresh.destroy();
    }
    host.client.destroy();
    log(`  joins: ${times.map((t) => t.toFixed(0)).join(', ')} ms; sync step 2 on the wire: ${raw.map((t) => t.toFixed(0)).join(', ')} ms`);
    return [
      atMost(group, `new client connect to synced (${(hostBytes / 1e6).toFixed(2)} MB)`, median(times), 'ms', 100, undefined, `median of ${JOINS}, max ${maxOf(times).toFixed(0)} ms; room loaded`),
      info(group, 'same, bytes on the wire only (no client decoding)', median(raw), 'ms', 'raw socket: connect, step 1, until step 2 arrives'),
      info(group, 'first join (room loaded from storage)', host.ms, 'ms'),
      info(group, 'Y.encodeStateAsUpdate of this state (server, per join)', median(encodeMs), 'ms', 'measured in the bench process'),
      info(group, 'Y.applyUpdate of this state (client, per join)', median(applyMs), 'ms', 'measured in the bench process'),
    ];
  } finally {
    await server.stop();
  }
}

/** Connects a bare socket, sends sync step 1 of an empty document, and times the arrival of step 2. */
function rawSyncStep2(wsBase: string, id: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const ws = new WebSocket(`${wsBase}/${id}?token=${encodeURIComponent(token)}`);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('no sync step 2 within 30 s'));
    }, 30_000);
    ws.on('open', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeSyncStep1(encoder, new Y.Doc());
      ws.send(encoding.toUint8Array(encoder));
    });
    ws.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1) {
        clearTimeout(timer);
        const ms = performance.now() - started;
        ws.close();
        resolve(ms);
      }
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
