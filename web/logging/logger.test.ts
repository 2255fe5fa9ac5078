import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function capture(level: 'debug' | 'info' | 'warn' | 'error' | 'silent') {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (line) => lines.push(line), now: () => new Date('2024-01-01T00:00:00Z') });
  return { logger, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON line per record with level, message and bound fields', () => {
    const { logger, records } = capture('info');
    logger.child({ requestId: 'abc' }).info('request handled', { status: 200 });
    expect(records()).toEqual([
      { time: '2024-01-01T00:00:00.000Z', level: 'info', message: 'request handled', requestId: 'abc', status: 200 },
    ]);
  });

  it('drops records below the configured level and everything when silent', () => {
    const info = capture('warn');
    info.logger.info('ignored');
    info.logger.warn('kept');
    expect(info.records().map((record) => record.message)).toEqual(['kept']);
    const silent = capture('silent');
    silent.logger.error('ignored');
    expect(silent.records()).toEqual([]);
  });

  it('redacts credentials at any depth', () => {
    const { logger, records } = capture('debug');
    logger.info('headers', {
      headers: { Authorization: 'Bearer ocp_secret', cookie: 'copilot_session=abc', accept: 'text/html' },
      apiKey: 'ocp_x',
      nested: [{ webhook_secret: 's', sessionToken: 't' }],
    });
    const line = JSON.stringify(records()[0]);
    expect(line).not.toContain('ocp_secret');
    expect(line).not.toContain('copilot_session=abc');
    expect(line).not.toContain('ocp_x');
    expect(records()[0]).toMatchObject({
      headers: { Authorization: '[redacted]', cookie: '[redacted]', accept: 'text/html' },
      apiKey: '[redacted]',
      nested: [{ webhook_secret: '[redacted]', sessionToken: '[redacted]' }],
    });
  });
});
