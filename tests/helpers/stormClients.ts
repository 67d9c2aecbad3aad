// Many real y-websocket clients in their own process, so that their CPU does not distort what
// the test process measures: `node --import tsx tests/helpers/stormClients.ts` started with an
// IPC channel (child_process.fork). Messages from the parent:
//   { type: 'connect', url, canvases: [{ id, token }], perCanvas }
//   { type: 'type' }   each client sets its own key in the root map 'storm' (offline if the server is down)
//   { type: 'watch' }  report once every client is synced again and has everything stored
// Messages to the parent: { type: 'ready', ms }, { type: 'typed' }, { type: 'resynced', syncedMs, storedMs, reconnects }.
import { connectTrackedClient, type TrackedClient } from './trackedClient';

type Command =
  | { type: 'connect'; url: string; canvases: { id: string; token: string }[]; perCanvas: number }
  | { type: 'type' }
  | { type: 'watch' };

const clients: TrackedClient[] = [];
const send = (message: object) => process.send!(message);

/** Resolves once `check` holds, polling every 10 ms; the elapsed ms since `from`. */
async function until(check: () => boolean, from: number): Promise<number> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
  return Date.now() - from;
}

process.on('message', (command: Command) => {
  void (async () => {
    if (command.type === 'connect') {
      const started = Date.now();
      for (const canvas of command.canvases) {
        for (let i = 0; i < command.perCanvas; i++) clients.push(connectTrackedClient(command.url, canvas.id, canvas.token));
      }
      await Promise.all(clients.map((c) => c.synced));
      send({ type: 'ready', ms: Date.now() - started });
    } else if (command.type === 'type') {
      clients.forEach((client, i) => client.doc.getMap('storm').set(`client-${i}`, i));
      send({ type: 'typed' });
    } else {
      const started = Date.now();
      const syncedMs = await until(() => clients.every((c) => c.provider.synced), started);
      const storedMs = await until(() => clients.every((c) => c.tracker.allStored), started);
      send({ type: 'resynced', syncedMs, storedMs, reconnects: clients.map((c) => c.connects() - 1) });
    }
  })();
});

process.on('disconnect', () => {
  for (const client of clients) client.destroy();
  process.exit(0);
});
