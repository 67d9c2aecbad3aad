import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/config';
import { createLogger } from '../../server/logger';
import { startServer, type StipServer } from '../../server/Server';
import { SqliteStorage } from '../../server/storage/SqliteStorage';
import type { Storage } from '../../server/storage/Storage';
import type { CreatedCanvas, CreateCanvasRequest } from '../../shared/api';

export interface TestServer extends StipServer {
  dataDir: string;
  /** The server's store, typed as what it is (SQLite in `dataDir`): tests may cap its size. */
  sqlite: SqliteStorage;
  /** Stops this server and starts a new one on the same data dir (and, if free, the same port). */
  restart(): Promise<TestServer>;
  /** Stops the server and removes its data dir. */
  dispose(): Promise<void>;
  /** POST /api/canvases and return the 201 body. */
  createCanvas(body?: CreateCanvasRequest): Promise<CreatedCanvas>;
  logLines: string[];
}

/** A real server on port 0 with a temporary DATA_DIR; `env` overrides any setting. */
export async function startTestServer(
  env: Record<string, string> = {},
  dataDir?: string,
  /** Puts something between the server and its SQLite store (a slower or failing engine). */
  wrapStorage: (sqlite: SqliteStorage) => Storage = (sqlite) => sqlite,
): Promise<TestServer> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'stip-test-'));
  const config = testConfig({ DATA_DIR: dir, ...env });
  const logLines: string[] = [];
  const sqlite = new SqliteStorage(config.dataDir);
  const server = await startServer(config, { storage: wrapStorage(sqlite), logger: createLogger(config.logLevel, (line) => logLines.push(line)) });
  const test: TestServer = Object.assign(Object.create(null) as object, server, {
    dataDir: dir,
    sqlite,
    logLines,
    restart: async () => {
      await server.close();
      return startTestServer(env, dir, wrapStorage);
    },
    dispose: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    createCanvas: (body?: CreateCanvasRequest) => postCanvas(server.url, body),
  });
  return test;
}

/** A test server's settings: port 0, quiet, no per-address limits in the way; `env` overrides any. */
export function testConfig(env: Record<string, string>): Config {
  return loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    MAX_CONNECTIONS_PER_IP: '100000',
    // Every test's canvases come from 127.0.0.1; quotas.test.ts sets small quotas of its own.
    MAX_CANVASES_PER_IP_PER_HOUR: '100000',
    MAX_DUPLICATES_PER_CANVAS_PER_HOUR: '100000',
    CLIENT_DIR: path.resolve('dist/client'),
    ...env,
  });
}

/** POST /api/canvases on the server at `baseUrl`; the 201 body, or an error with the answer. */
export async function postCanvas(baseUrl: string, body: CreateCanvasRequest = {}): Promise<CreatedCanvas> {
  const response = await fetch(`${baseUrl}/api/canvases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedCanvas;
}
