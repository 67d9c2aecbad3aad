import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { CanvasService } from './CanvasService';
import { DownloadPool } from './downloads/DownloadPool';
import { findPageFonts } from './downloads/pageFonts';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { RoomManager } from './rooms/RoomManager';
import { PostgresStorage } from './storage/PostgresStorage';
import { SqliteStorage } from './storage/SqliteStorage';
import { loadInstallationStyle } from './style/installationStyle';
import type { Storage } from './storage/Storage';
import { attachCollab } from './transport/collabSocket';
import { createHttpApp } from './transport/httpApp';

export interface StipServer {
  /** http://host:port the server listens on. */
  readonly url: string;
  readonly port: number;
  readonly config: Config;
  readonly rooms: RoomManager;
  readonly storage: Storage;
  readonly downloads: DownloadPool;
  /** Stops accepting, stores what is pending, closes sockets (1012) and the database. */
  close(): Promise<void>;
}

export interface ServerParts {
  /** Where canvases live; the server closes it when it closes. Default: DATABASE_URL's PostgreSQL, else SQLite in DATA_DIR. */
  storage?: Storage;
  logger?: Logger;
}

/** Starts a server; everything hangs off the returned instance, so tests can run several. */
export async function startServer(config: Config, parts: ServerParts = {}): Promise<StipServer> {
  const logger = parts.logger ?? createLogger(config.logLevel);
  // Before the store opens: a STYLE_DIR that cannot be used stops start-up with nothing to close.
  const style = await loadInstallationStyle(config.styleDir, logger);
  const storage = parts.storage ?? (await openStorage(config, logger));
  const rooms = new RoomManager(storage, config, logger);
  await rooms.start();
  const canvases = new CanvasService(storage, rooms, config, style);
  const downloads = new DownloadPool(logger, {
    workers: config.downloadWorkers,
    maxQueued: config.downloadQueue,
    timeoutMs: config.downloadTimeoutMs,
    setup: { pageFonts: findPageFonts(config.clientDir) },
  });
  const app = createHttpApp({ config, logger, canvases, downloads });
  const server = http.createServer(getRequestListener(app.fetch));
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  const collab = attachCollab(server, { config, logger, canvases, rooms });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${port}`;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // Admission first: a room loaded after closeAll took its list would never be closed.
      collab.stopAccepting();
      await rooms.closeAll();
      await collab.close();
      server.closeAllConnections();
      await stopped;
      await downloads.close();
      await storage.close();
    })();
    return closing;
  };

  return { url, port, config, rooms, storage, downloads, close };
}

/** PostgreSQL when DATABASE_URL is set (DatabaseUnavailable if it cannot be used), else SQLite. */
function openStorage(config: Config, logger: Logger): Promise<Storage> {
  if (config.databaseUrl) return PostgresStorage.open(config.databaseUrl, { logger, poolSize: config.databasePoolSize });
  return Promise.resolve(new SqliteStorage(config.dataDir));
}
