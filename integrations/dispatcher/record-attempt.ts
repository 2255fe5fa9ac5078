/** Records one delivery attempt: the attempt log row, the delivery's new state, and the endpoint's breaker. */
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import type { PostResult } from '../webhooks/post-webhook.ts';
import { type BreakerPolicy, recordBreakerOutcome } from './circuit-breaker.ts';
import type { ClaimedDelivery } from './claim-deliveries.ts';
import { classifyStatus, nextAttemptAt, parseRetryAfter, type RetryPolicy } from './retry-schedule.ts';

export type AttemptOutcome = 'delivered' | 'retry' | 'dead';

const MAX_ERROR_LENGTH = 500;

function describeFailure(result: PostResult): string {
  const text = result.error ?? `HTTP ${result.status}`;
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

export async function recordAttempt(
  db: Database,
  delivery: ClaimedDelivery,
  result: PostResult,
  options: { now: Date; retry: RetryPolicy; breaker: BreakerPolicy; random?: () => number },
): Promise<AttemptOutcome> {
  const { now } = options;
  const attempt = delivery.attempts + 1;
  const kind = classifyStatus(result.status);
  let outcome: AttemptOutcome;
  let next: Date | null = null;
  if (kind === 'delivered') outcome = 'delivered';
  else if (kind === 'permanent') outcome = 'dead';
  else {
    next = nextAttemptAt(attempt, now, delivery.horizonStart, options.retry, parseRetryAfter(result.retryAfter, now), options.random);
    outcome = next ? 'retry' : 'dead';
  }
  const error = outcome === 'delivered' ? null : describeFailure(result);
  await withTenant(db, delivery.tenantId, async (tx) => {
    await tx.query(
      `UPDATE webhook_deliveries
          SET status = $2, attempts = attempts + 1, last_status = $3, last_error = $4, last_attempt_at = $5,
              next_attempt_at = coalesce($6, next_attempt_at), delivered_at = CASE WHEN $2 = 'delivered' THEN $5 ELSE delivered_at END,
              claimed_until = NULL, claimed_by = NULL
        WHERE id = $1 AND status = 'pending'`,
      [delivery.id, outcome === 'retry' ? 'pending' : outcome, result.status, error, now, next],
    );
    await tx.query(
      `INSERT INTO webhook_delivery_attempts (tenant_id, delivery_id, attempt, status_code, error, duration_ms, outcome, attempted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [delivery.tenantId, delivery.id, attempt, result.status, error, result.durationMs, outcome, now],
    );
    // A receiver that answered (even with a refusal) is alive; silence and 5xx count against it.
    await recordBreakerOutcome(tx, delivery.endpointId, kind !== 'retryable', now, options.breaker);
  });
  return outcome;
}
