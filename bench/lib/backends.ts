import { createLogger } from '../../server/logger';
import { PostgresStorage } from '../../server/storage/PostgresStorage';
import { SqliteStorage } from '../../server/storage/SqliteStorage';
import type { Storage } from '../../server/storage/Storage';
import type { PostgresServer } from '../../tests/helpers/postgresServer';

/** Where a Stip server under test stores: its environment, and the same store opened from the bench. */
export interface Backend {
  readonly label: string;
  /** Added to the server's environment. */
  readonly env: Record<string, string>;
  /** The server's store, for writing rows while it is stopped and reading its row counts. */
  openStore(dataDir: string): Promise<Storage>;
}

export const SQLITE: Backend = { label: 'SQLite', env: {}, openStore: async (dataDir) => new SqliteStorage(dataDir) };

/** A fresh database on `server`; the Stip server and the bench both use it. */
export async function postgresBackend(server: PostgresServer): Promise<Backend> {
  const url = await server.createDatabase();
  return {
    label: 'PostgreSQL',
    env: { DATABASE_URL: url },
    openStore: () => PostgresStorage.open(url, { logger: createLogger('silent') }),
  };
}
