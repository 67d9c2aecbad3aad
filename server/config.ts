import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const MiB = 1024 * 1024;

/** One core stays with the rooms' event loop; the download workers get the others (1 to 4). */
const DEFAULT_DOWNLOAD_WORKERS = Math.min(4, Math.max(1, os.availableParallelism() - 1));

const intFrom = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

const boolFrom = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), `${name} must be true or false`)
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const urlFrom = (name: string) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return ['http:', 'https:'].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `${name} must be an http(s) URL such as https://stip.example.org`)
    .transform((v) => v.replace(/\/+$/, ''));

const postgresUrlFrom = (name: string) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return ['postgres:', 'postgresql:'].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `${name} must be a PostgreSQL URL such as postgres://stip:secret@db.example.org:5432/stip`);

/** Comma-separated origins (scheme, host, optional port; nothing after it), for a CSP source list. */
const originsFrom = (name: string) =>
  z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean))
    .refine(
      (origins) =>
        origins.every((origin) => {
          try {
            const url = new URL(origin);
            return ['http:', 'https:'].includes(url.protocol) && url.origin === origin;
          } catch {
            return false;
          }
        }),
      `${name} must be origins such as https://intranet.example.org, separated by commas`,
    );

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const envSchema = z.object({
  PORT: intFrom('PORT', 0, 65535).default(8080),
  HOST: z.string().trim().min(1, 'HOST must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1, 'DATA_DIR must not be empty').default('./data'),
  DATABASE_URL: postgresUrlFrom('DATABASE_URL').optional(),
  DATABASE_POOL_SIZE: intFrom('DATABASE_POOL_SIZE', 1, 1000).default(10),
  PUBLIC_URL: urlFrom('PUBLIC_URL').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  MAX_FRAME_BYTES: intFrom('MAX_FRAME_BYTES', 1024, 1024 * MiB).default(8 * MiB),
  MAX_CANVAS_BYTES: intFrom('MAX_CANVAS_BYTES', 1024, 4096 * MiB).default(20 * MiB),
  MAX_BODY_BYTES: intFrom('MAX_BODY_BYTES', 1024, 1024 * MiB).default(4 * MiB),
  MAX_CONNECTIONS_PER_IP: intFrom('MAX_CONNECTIONS_PER_IP', 1, 1_000_000).default(256),
  MAX_MESSAGES_PER_SECOND: intFrom('MAX_MESSAGES_PER_SECOND', 1, 1_000_000).default(200),
  MAX_PENDING_UPGRADES: intFrom('MAX_PENDING_UPGRADES', 1, 1_000_000).default(1024),
  MAX_LOADING_ROOMS: intFrom('MAX_LOADING_ROOMS', 1, 100_000).default(32),
  TRUST_PROXY: boolFrom('TRUST_PROXY').default(false),
  ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean)),
  EMBED_ORIGINS: originsFrom('EMBED_ORIGINS').default([]),
  COMPACT_AFTER_UPDATES: intFrom('COMPACT_AFTER_UPDATES', 1, 10_000_000).default(500),
  COMPACT_AFTER_BYTES: intFrom('COMPACT_AFTER_BYTES', 1, 4096 * MiB).default(MiB),
  ROOM_IDLE_MS: intFrom('ROOM_IDLE_MS', 0, 24 * 3600 * 1000).default(30_000),
  KEEPALIVE_MS: intFrom('KEEPALIVE_MS', 100, 60_000).default(15_000),
  DOWNLOAD_WORKERS: intFrom('DOWNLOAD_WORKERS', 1, 64).default(DEFAULT_DOWNLOAD_WORKERS),
  DOWNLOAD_QUEUE: intFrom('DOWNLOAD_QUEUE', 1, 10_000).default(8),
  DOWNLOAD_TIMEOUT_MS: intFrom('DOWNLOAD_TIMEOUT_MS', 1, 3600 * 1000).default(30_000),
  MAX_CANVASES_PER_IP_PER_HOUR: intFrom('MAX_CANVASES_PER_IP_PER_HOUR', 1, 1_000_000).default(100),
  MAX_DUPLICATES_PER_CANVAS_PER_HOUR: intFrom('MAX_DUPLICATES_PER_CANVAS_PER_HOUR', 1, 1_000_000).default(20),
  MAX_VERSIONS_PER_CANVAS: intFrom('MAX_VERSIONS_PER_CANVAS', 1, 100_000).default(50),
  MAX_DATA_BYTES: intFrom('MAX_DATA_BYTES', 1, Number.MAX_SAFE_INTEGER).default(1024 * MiB),
  CLIENT_DIR: z.string().trim().min(1).default('./dist/client'),
  STYLE_DIR: z.string().trim().min(1).optional(),
});

/** Everything the server reads from its environment, parsed once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL instead of SQLite in dataDir: postgres://… (several processes may share it). */
  databaseUrl: string | undefined;
  /** Connections each process keeps to PostgreSQL (besides the one that listens). */
  databasePoolSize: number;
  publicUrl: string | undefined;
  logLevel: LogLevel;
  maxFrameBytes: number;
  maxCanvasBytes: number;
  maxBodyBytes: number;
  maxConnectionsPerIp: number;
  /** Sustained y-protocols messages per second per connection (bursts of 3x pass). */
  maxMessagesPerSecond: number;
  /** WebSocket connections upgraded but not yet checked and joined; past this, 1013. */
  maxPendingUpgrades: number;
  /** Canvases queued to load into memory at once; a connection needing one more gets 1013. */
  maxLoadingRooms: number;
  trustProxy: boolean;
  allowedOrigins: string[];
  /** Origins whose pages may frame a published page (its CSP frame-ancestors); no other page is frameable. */
  embedOrigins: string[];
  compactAfterUpdates: number;
  compactAfterBytes: number;
  roomIdleMs: number;
  keepaliveMs: number;
  /** Worker processes making downloads (export, Markdown, PDF). */
  downloadWorkers: number;
  /** Downloads waiting or being made at once; past this, 429 before any work. */
  downloadQueue: number;
  /** How long one download may run in its worker; past this, 503 timeout and a new worker. */
  downloadTimeoutMs: number;
  /** Canvases created, imported or duplicated per client address in a sliding hour; past it, 429. */
  maxCanvasesPerIpPerHour: number;
  /** Duplicates of one canvas in a sliding hour; past it, 429. */
  maxDuplicatesPerCanvasPerHour: number;
  /** Versions a canvas keeps: the oldest automatic ones go first; past it with named ones only, 409. */
  maxVersionsPerCanvas: number;
  /** Bytes stored in all (updates and versions) past which new canvases and named versions get 507. */
  maxDataBytes: number;
  clientDir: string;
  /** The installation's house style: a directory with `theme.json` and/or `tokens.json`, and `logo.svg` or `logo.png`. */
  styleDir: string | undefined;
}

export class ConfigError extends Error {}

/** Parses the environment; a wrong value throws a ConfigError with one readable sentence. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'configuration');
    const message = issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
    // A URL's user and password are never printed.
    const shown = (env[name] ?? '').replace(/\/\/[^/@]*@/, '//…@');
    throw new ConfigError(`Stip cannot start: ${message} (got "${shown}").`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    maxFrameBytes: e.MAX_FRAME_BYTES,
    maxCanvasBytes: e.MAX_CANVAS_BYTES,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
    maxMessagesPerSecond: e.MAX_MESSAGES_PER_SECOND,
    maxPendingUpgrades: e.MAX_PENDING_UPGRADES,
    maxLoadingRooms: e.MAX_LOADING_ROOMS,
    trustProxy: e.TRUST_PROXY,
    allowedOrigins: e.ALLOWED_ORIGINS,
    embedOrigins: e.EMBED_ORIGINS,
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
    compactAfterBytes: e.COMPACT_AFTER_BYTES,
    roomIdleMs: e.ROOM_IDLE_MS,
    keepaliveMs: e.KEEPALIVE_MS,
    downloadWorkers: e.DOWNLOAD_WORKERS,
    downloadQueue: e.DOWNLOAD_QUEUE,
    downloadTimeoutMs: e.DOWNLOAD_TIMEOUT_MS,
    maxCanvasesPerIpPerHour: e.MAX_CANVASES_PER_IP_PER_HOUR,
    maxDuplicatesPerCanvasPerHour: e.MAX_DUPLICATES_PER_CANVAS_PER_HOUR,
    maxVersionsPerCanvas: e.MAX_VERSIONS_PER_CANVAS,
    maxDataBytes: e.MAX_DATA_BYTES,
    clientDir: path.resolve(e.CLIENT_DIR),
    styleDir: e.STYLE_DIR === undefined ? undefined : path.resolve(e.STYLE_DIR),
  };
}
