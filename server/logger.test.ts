import { describe, expect, it } from 'vitest';
import { createLogger, redactSecrets } from './logger';

describe('the logger', () => {
  it('redacts tokens in query strings, JSON, headers and fields', () => {
    const token = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4';
    expect(redactSecrets(`GET /collab/x?stip=1&token=${token}&a=b`)).toBe('GET /collab/x?stip=1&token=[redacted]&a=b');
    expect(redactSecrets(`{"token":"${token}"}`)).toBe('{"token":"[redacted]"}');
    expect(redactSecrets(`authorization: Bearer ${token}`)).toBe('authorization: Bearer [redacted]');
    expect(redactSecrets(`/c/abc#token=${token}`)).toBe('/c/abc#token=[redacted]');
    const lines: string[] = [];
    createLogger('debug', (l) => lines.push(l)).warn('failed', { url: `/api?token=${token}`, note: `x Bearer ${token}` });
    expect(lines.join('')).not.toContain(token);
    expect(lines.join('')).toContain('url=/api?token=[redacted]');
  });

  it('writes nothing below its level', () => {
    const lines: string[] = [];
    const logger = createLogger('warn', (l) => lines.push(l));
    logger.debug('a');
    logger.info('b');
    logger.warn('c', { room: 'r1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN {2}c room=r1\n$/);
  });
});
