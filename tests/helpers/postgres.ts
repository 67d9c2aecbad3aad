import pg from 'pg';
import { inject } from 'vitest';
import { createLogger } from '../../server/logger';
import { PostgresStorage } from '../../server/storage/PostgresStorage';

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
