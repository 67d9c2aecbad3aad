import { randomBytes } from 'node:crypto';
import net from 'node:net';

/** What became of one upgrade: admitted (the server's first frame was data) or closed with a code. */
export type UpgradeOutcome = 'admitted' | number;

/**
 * Sends WebSocket upgrade requests for `paths` on TCP connections that are already open, all in
 * one synchronous loop, so the server reads them in one event-loop turn: a burst as after a
 * restart, without the timing of a client library in between. Resolves with each outcome.
 */
export async function upgradeBurst(baseUrl: string, paths: string[]): Promise<{ outcomes: UpgradeOutcome[]; sockets: net.Socket[] }> {
  const { hostname, port } = new URL(baseUrl);
  const sockets = await Promise.all(
    paths.map(
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(Number(port), hostname, () => {
            socket.off('error', reject).on('error', () => {});
            resolve(socket);
          });
          socket.once('error', reject);
        }),
    ),
  );
  // Connected on our side is not yet accepted on the server's: let it take them all first.
  await new Promise((r) => setTimeout(r, 50));
  const outcomes = sockets.map((socket) => firstFrame(socket));
  paths.forEach((path, i) => {
    sockets[i]!.write(
      `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
  return { outcomes: await Promise.all(outcomes), sockets };
}

/** Reads the 101 answer and the first frame: a close frame's code, or 'admitted' for data. */
function firstFrame(socket: net.Socket): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => reject(new Error('no frame within 5 s')), 5000);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0 || buffer.length < end + 6) return;
      if (!buffer.subarray(0, 12).toString().startsWith('HTTP/1.1 101')) {
        clearTimeout(timer);
        reject(new Error(`not upgraded: ${buffer.subarray(0, end).toString()}`));
        return;
      }
      const frame = buffer.subarray(end + 4);
      clearTimeout(timer);
      socket.removeAllListeners('data');
      // Server frames are unmasked; a close frame's payload starts with the 2-byte code.
      resolve((frame[0]! & 0x0f) === 0x8 ? frame.readUInt16BE(2) : 'admitted');
    });
  });
}
