// Stip's server, started through `startServer` in a process of its own, run as
//   node --expose-gc --import tsx bench/servers/stipInProcess.ts
// with an IPC channel, so it can report its heap after a forced GC and how many rooms are
// loaded. Only for the capacity figure; nothing in server/ changes for it.
import { loadConfig } from '../../server/config';
import { startServer } from '../../server/Server';
import { answerHeapRequests } from './heapReport';

if (!(globalThis as { gc?: unknown }).gc || !process.send) throw new Error('run with node --expose-gc and an IPC channel');

const config = loadConfig(process.env);
const server = await startServer(config);
process.stdout.write(`Stip is running at ${server.url}\n`);
answerHeapRequests(() => server.rooms.loadedRoomCount);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
