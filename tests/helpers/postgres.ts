import pg from 'pg';
import { inject } from 'vitest';
import { createLogger } from '../../server/logger';
import { startServer, type StipServer } from '../../server/Server';
import { PostgresStorage } from '../../server/storage/PostgresStorage';
import type { CreatedCanvas, CreateCanvasRequest } from '../../shared/api';
import { postCanvas, testConfig } from './testServer';

let counter = 0;

/** A new, empty database on the test run's PostgreSQL server (postgresGlobalSetup.ts); its URL. */
export async function newDatabaseUrl(): Promise<string> {
  const serverUrl = inject('postgresUrl');
  const name = `stip_${process.pid}_${Date.now().toString(36)}_${(counter += 1)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function openPostgres(url: string): Promise<PostgresStorage> {
  return PostgresStorage.open(url, { logger: createLogger('silent') });
}

export interface PostgresTestServer extends StipServer {
  /** POST /api/canvases and return the 201 body. */
  createCanvas(body?: CreateCanvasRequest): Promise<CreatedCanvas>;
  logLines: string[];
}

/** A real server on port 0 storing in the PostgreSQL database `url` (DATABASE_URL), as `npm start` would. */
export async function startPostgresTestServer(url: string, env: Record<string, string> = {}): Promise<PostgresTestServer> {
  const config = testConfig({ DATABASE_URL: url, ...env });
  const logLines: string[] = [];
  const server = await startServer(config, { logger: createLogger(config.logLevel, (line) => logLines.push(line)) });
  return Object.assign(Object.create(null) as object, server, {
    logLines,
    createCanvas: (body?: CreateCanvasRequest) => postCanvas(server.url, body),
  });
}
