import { describe, expect, it } from 'vitest';
import { parseSince } from './runs.ts';

describe('parseSince', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  it('accepts ISO dates and durations back from now', () => {
    expect(parseSince('2026-11-01', now).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('24h', now).toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(parseSince('7d', now).toISOString()).toBe('2026-11-15T12:00:00.000Z');
    expect(parseSince('30m', now).toISOString()).toBe('2026-11-22T11:30:00.000Z');
  });
  it('names the option when the value is neither', () => {
    expect(() => parseSince('yesterday', now)).toThrow(/--since/);
  });
});
