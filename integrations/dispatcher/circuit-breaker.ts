/**
 * Per-endpoint circuit breaker, kept in the endpoint's row so every dispatcher replica shares it:
 * after `threshold` consecutive failed attempts the endpoint is skipped for a cool-down that doubles
 * with each further failure (capped); once it passes, one probe delivery is let through (half-open);
 * a success closes the breaker. A dead endpoint so costs the others no sending slots.
 */
import type { Tx } from '../../core/db/database.ts';

export interface BreakerPolicy {
  threshold: number;
  cooldownMs: number;
  maxCooldownMs: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = { threshold: 5, cooldownMs: 30_000, maxCooldownMs: 600_000 };

export function cooldownFor(consecutiveFailures: number, policy: BreakerPolicy): number {
  return Math.min(policy.maxCooldownMs, policy.cooldownMs * 2 ** Math.max(0, consecutiveFailures - policy.threshold));
}

/** Half-open: the breaker tripped and its cool-down has passed; only one probe may be in flight. */
export function isHalfOpen(consecutiveFailures: number, policy: BreakerPolicy): boolean {
  return consecutiveFailures >= policy.threshold;
}

/** Records an attempt's effect on the endpoint's breaker: the receiver answered (success or refusal) or did not. */
export async function recordBreakerOutcome(tx: Tx, endpointId: string, healthy: boolean, now: Date, policy: BreakerPolicy): Promise<void> {
  if (healthy) {
    await tx.query(
      `UPDATE webhook_endpoints SET consecutive_failures = 0, circuit_open_until = NULL
        WHERE id = $1 AND (consecutive_failures <> 0 OR circuit_open_until IS NOT NULL)`,
      [endpointId],
    );
    return;
  }
  const result = await tx.query<{ consecutive_failures: number }>(
    'UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1 WHERE id = $1 RETURNING consecutive_failures',
    [endpointId],
  );
  const failures = result.rows[0]?.consecutive_failures ?? 0;
  if (failures >= policy.threshold) {
    await tx.query('UPDATE webhook_endpoints SET circuit_open_until = $2 WHERE id = $1', [
      endpointId,
      new Date(now.getTime() + cooldownFor(failures, policy)),
    ]);
  }
}
