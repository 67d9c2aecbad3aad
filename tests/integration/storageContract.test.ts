import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStorage } from '../../server/storage/SqliteStorage';
import { newDatabaseUrl, openPostgres } from '../helpers/postgres';
import { describeStorageContract } from '../storage/storageContract';

describeStorageContract('SQLite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-contract-'));
  return {
    open: async () => new SqliteStorage(dir),
    reopen: async () => new SqliteStorage(dir),
    dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

describeStorageContract('PostgreSQL', () => {
  let url: string | null = null;
  return {
    open: async () => openPostgres((url = await newDatabaseUrl())),
    reopen: async () => openPostgres(url!),
    dispose: async () => {},
  };
});
