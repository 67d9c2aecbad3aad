import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      logLevel: 'info',
      maxFrameBytes: 8 * 1024 * 1024,
      maxCanvasBytes: 20 * 1024 * 1024,
      maxBodyBytes: 4 * 1024 * 1024,
      maxConnectionsPerIp: 256,
      maxMessagesPerSecond: 200,
      maxPendingUpgrades: 1024,
      maxLoadingRooms: 32,
      trustProxy: false,
      compactAfterUpdates: 500,
      roomIdleMs: 30_000,
      maxCanvasesPerIpPerHour: 100,
      maxDuplicatesPerCanvasPerHour: 20,
      maxVersionsPerCanvas: 50,
      maxDataBytes: 1024 * 1024 * 1024,
    });
    expect(config.dataDir).toMatch(/data$/);
    expect(config.publicUrl).toBeUndefined();
    expect(config.embedOrigins).toEqual([]);
    expect(loadConfig({ EMBED_ORIGINS: 'https://intranet.example.org/, http://localhost:8081' }).embedOrigins).toEqual([
      'https://intranet.example.org',
      'http://localhost:8081',
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be at most 65535/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of debug, info, warn, error, silent/],
    [{ PUBLIC_URL: 'stip.example.org' }, /PUBLIC_URL must be an http\(s\) URL/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY must be true or false/],
    [{ MAX_LOADING_ROOMS: '0' }, /MAX_LOADING_ROOMS must be at least 1/],
    [{ MAX_VERSIONS_PER_CANVAS: '0' }, /MAX_VERSIONS_PER_CANVAS must be at least 1/],
    [{ MAX_DATA_BYTES: '1GB' }, /MAX_DATA_BYTES must be a whole number/],
    [{ EMBED_ORIGINS: 'intranet.example.org' }, /EMBED_ORIGINS must be origins/],
    [{ EMBED_ORIGINS: 'https://intranet.example.org/pages' }, /EMBED_ORIGINS must be origins/],
    [{ EMBED_ORIGINS: "https://a.example.org 'unsafe-inline'" }, /EMBED_ORIGINS must be origins/],
  ])('stops with one sentence for %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message.split('\n')).toHaveLength(1);
      expect((error as Error).message).toMatch(/^Stip cannot start: .*\.$/);
    }
  });

  it('trims a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://stip.example.org/' }).publicUrl).toBe('https://stip.example.org');
  });
});
