import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyStatus, DEFAULT_RETRY_POLICY, nextAttemptAt, parseRetryAfter } from './retry-schedule.ts';

describe('retry schedule', () => {
  it('treats 2xx as done, 4xx other than 408/409/429 as permanent, everything else as retryable', () => {
    expect([200, 201, 204].map(classifyStatus)).toEqual(['delivered', 'delivered', 'delivered']);
    expect([400, 401, 403, 404, 410, 422].map(classifyStatus)).toEqual(Array(6).fill('permanent'));
    expect([408, 409, 429, 500, 502, 503, 301, null].map(classifyStatus)).toEqual(Array(8).fill('retryable'));
  });

  it('backs off exponentially with jitter between half and all of the step, capped', () => {
    const policy = DEFAULT_RETRY_POLICY;
    expect(backoffDelay(1, policy, () => 0)).toBe(2_500);
    expect(backoffDelay(1, policy, () => 1)).toBe(5_000);
    expect(backoffDelay(4, policy, () => 1)).toBe(40_000);
    expect(backoffDelay(30, policy, () => 1)).toBe(3_600_000);
  });

  it('gives up (dead letter) once the next attempt would fall past the horizon, about 24 h by default', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    let now = start;
    let attempts = 0;
    for (;;) {
      const next = nextAttemptAt(attempts + 1, now, start, DEFAULT_RETRY_POLICY, null, () => 1);
      if (!next) break;
      attempts += 1;
      now = next;
    }
    expect(now.getTime() - start.getTime()).toBeGreaterThan(22 * 3_600_000);
    expect(now.getTime() - start.getTime()).toBeLessThanOrEqual(24 * 3_600_000);
    expect(attempts).toBeGreaterThan(20);
  });

  it('honours Retry-After (seconds or an HTTP date) when it is longer than the backoff, up to the cap', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    const next = nextAttemptAt(1, now, now, DEFAULT_RETRY_POLICY, 120_000, () => 0);
    expect(next!.getTime() - now.getTime()).toBe(120_000);
    const capped = nextAttemptAt(1, now, now, DEFAULT_RETRY_POLICY, 99 * 3_600_000, () => 0);
    expect(capped!.getTime() - now.getTime()).toBe(3_600_000);
  });
});
