/**
 * When to try a delivery again. Standard Webhooks semantics: 2xx is done; a 4xx other than 408
 * (timeout), 409 (conflict) and 429 (rate limited) is permanent (the receiver refuses this message;
 * retrying cannot help); everything else (5xx, 3xx, no response) is retried with exponential backoff
 * and jitter until the retry horizon (default 24 h) runs out, honouring Retry-After.
 */
export interface RetryPolicy {
  /** First retry after about this long; each further one doubles it. */
  baseDelayMs: number;
  /** No single wait is longer than this. */
  maxDelayMs: number;
  /** Retries stop (dead letter) when the next attempt would fall later than this after the first. */
  horizonMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 5_000, maxDelayMs: 3_600_000, horizonMs: 24 * 3_600_000 };

export type AttemptClass = 'delivered' | 'permanent' | 'retryable';

const RETRYABLE_CLIENT_ERRORS = new Set([408, 409, 429]);

export function classifyStatus(status: number | null): AttemptClass {
  if (status === null) return 'retryable';
  if (status >= 200 && status < 300) return 'delivered';
  if (status >= 400 && status < 500 && !RETRYABLE_CLIENT_ERRORS.has(status)) return 'permanent';
  return 'retryable';
}

/** Retry-After as milliseconds from now: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** The wait before attempt `attempts + 1`: base·2^(attempts−1), capped, with jitter in [½, 1] of it. */
export function backoffDelay(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/**
 * The next attempt's time after `attempts` failed ones, or null when the horizon is exhausted.
 * A Retry-After longer than the backoff wins (capped at maxDelayMs so a receiver cannot park a delivery forever).
 */
export function nextAttemptAt(
  attempts: number,
  now: Date,
  horizonStart: Date,
  policy: RetryPolicy,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): Date | null {
  const delay = Math.max(backoffDelay(attempts, policy, random), Math.min(retryAfterMs ?? 0, policy.maxDelayMs));
  const next = new Date(now.getTime() + delay);
  return next.getTime() > horizonStart.getTime() + policy.horizonMs ? null : next;
}
