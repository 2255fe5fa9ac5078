/** Triage queue depth for /metrics: live exceptions by triage state, across tenants (a read-only count). */
import type { Database } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { countTriageQueue, type TriageQueueState } from '../../core/exceptions/index.ts';

export type QueueState = TriageQueueState;

export function triageQueueDepth(db: Database): Promise<Record<QueueState, number>> {
  return asOperator(db, (tx) => countTriageQueue(tx));
}
