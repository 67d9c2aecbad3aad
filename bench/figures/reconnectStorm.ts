import { SQLITE, type Backend } from '../lib/backends';
import { info, type Figure } from '../lib/figures';
import { startStip, tempDir } from '../lib/servers';
import { maxOf, quantile, until } from '../lib/stats';
import { createCanvas } from '../lib/stipApi';
import { connectClient, within, type BenchClient } from '../lib/yClient';

const ROOMS = 50;
const PER_ROOM = 10;

/**
 * The reconnect storm: 50 rooms x 10 y-websocket clients (in the bench process) are connected
 * and synced, the server restarts (SIGTERM, as a deploy does; a new process on the same port
 * and store), and every client reconnects at once on y-websocket's own backoff. Measured: from
 * the new process's ready line until every client is synced again, and each client's time from
 * its socket opening to synced (the server loading the rooms from its store under the storm).
 */
export async function reconnectStorm(log: (line: string) => void, backend: Backend = SQLITE, group = `reconnect storm, ${backend.label}`): Promise<Figure[]> {
  const dataDir = tempDir('stip-bench-storm-');
  let server = await startStip(backend.env, dataDir);
  const port = new URL(server.httpUrl).port;
  const clients: BenchClient[] = [];
  try {
    const canvases = [];
    for (let i = 0; i < ROOMS; i++) canvases.push(await createCanvas(server.httpUrl, { title: `Storm ${i}` }));
    for (const canvas of canvases) {
      const joined = Array.from({ length: PER_ROOM }, () => connectClient(server.wsBase, canvas.id, canvas.tokens.editor));
      clients.push(...joined);
      await within(Promise.all(joined.map((c) => c.synced)), 30_000, 'storm join');
    }
    const openedAt = new Float64Array(clients.length).fill(Number.NaN);
    const syncedAt = new Float64Array(clients.length).fill(Number.NaN);
    let restarted = false;
    clients.forEach((client, i) => {
      client.provider.awareness.setLocalState(null);
      client.provider.on('status', ({ status }: { status: string }) => {
        if (restarted && status === 'connected') openedAt[i] = performance.now();
      });
      client.provider.on('sync', (isSynced: boolean) => {
        if (restarted && isSynced) syncedAt[i] = performance.now();
      });
    });
    await server.stop();
    restarted = true;
    server = await startStip({ ...backend.env, PORT: port }, dataDir);
    const readyAt = performance.now();
    await until(() => syncedAt.every((t) => !Number.isNaN(t)), 60_000, 'every client synced again after the restart');
    const total = maxOf(syncedAt) - readyAt;
    const perClient = syncedAt.map((t, i) => t - openedAt[i]!).filter((t) => !Number.isNaN(t));
    log(`  ${backend.label}: ${clients.length} clients synced again ${total.toFixed(0)} ms after the restarted server was ready; socket open to synced p50 ${quantile(perClient, 0.5).toFixed(0)} ms, p99 ${quantile(perClient, 0.99).toFixed(0)} ms`);
    return [
      info(group, `${clients.length} clients in ${ROOMS} rooms: ready to every client synced`, total, 'ms', "y-websocket's backoff (up to 2.5 s) included"),
      info(group, 'socket open to synced, per client, p99', quantile(perClient, 0.99), 'ms', `p50 ${quantile(perClient, 0.5).toFixed(0)} ms, max ${maxOf(perClient).toFixed(0)} ms`),
    ];
  } finally {
    for (const client of clients) client.destroy();
    await server.stop();
  }
}
