import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStorage } from '../../server/storage/SqliteStorage';
import { describeStorageContract } from '../storage/storageContract';

describeStorageContract('SQLite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-contract-'));
  return {
    open: async () => new SqliteStorage(dir),
    reopen: async () => new SqliteStorage(dir),
    dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});
