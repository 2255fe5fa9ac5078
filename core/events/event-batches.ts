/**
 * Stored event batches (table event_batches): a batch is kept whole on receipt and its per-event results
 * are appended slice by slice as the batch applier (event-batch-applier.ts) works through it.
 */
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { asOperator, withTenant } from '../db/tenant-scope.ts';
import { escapeUnsafeDeep } from '../text/safe-text.ts';
import type { EventSource } from './after-event-hooks.ts';

/** One event's outcome as the sender sees it (status, event id, dead-letter id, error). */
export type BatchEventOutcome = { status: 'applied' | 'duplicate' | 'dead_lettered' | 'failed' } & Record<string, unknown>;
/** An outcome with the event's position in its batch. */
export type BatchEventResult = BatchEventOutcome & { index: number };

export interface EventBatch {
  id: string;
  status: 'pending' | 'done';
  total: number;
  processed: number;
  applied: number;
  duplicates: number;
  deadLettered: number;
  failed: number;
  receivedAt: Date;
  finishedAt: Date | null;
  results: BatchEventResult[];
}

const batchIdSchema = z.uuid();

/** Stores a batch for the applier; the body is the request text ({"events": [...]}) with `total` events. */
export async function enqueueEventBatch(
  db: Database,
  tenantId: string,
  batch: { body: string; total: number; source?: EventSource },
): Promise<string> {
  return withTenant(db, tenantId, async (tx) => {
    const inserted = await tx.query<{ id: string }>(
      'INSERT INTO event_batches (tenant_id, source, body, total) VALUES (copilot_tenant_id(), $1, $2, $3) RETURNING id',
      [batch.source ?? 'http', batch.body, batch.total],
    );
    return inserted.rows[0]!.id;
  });
}

/** A tenant's batch with its results so far; undefined when it does not exist in that tenant. */
export async function findEventBatch(db: Database, tenantId: string, batchId: string): Promise<EventBatch | undefined> {
  if (!batchIdSchema.safeParse(batchId).success) return undefined;
  return withTenant(db, tenantId, async (tx) => {
    const found = await tx.query<EventBatch>(
      `SELECT id, status, total, next_index AS processed, applied, duplicates, dead_lettered AS "deadLettered", failed,
              received_at AS "receivedAt", finished_at AS "finishedAt", results
         FROM event_batches WHERE id = $1`,
      [batchId],
    );
    return found.rows[0];
  });
}

/**
 * Batches to apply next, one per tenant (its oldest pending batch), in tenant order: the applier's round
 * robin. A tenant whose oldest batch another process holds is left out, so one tenant's batches are
 * applied in the order they arrived even when several processes share the database.
 */
export async function pendingBatchPerTenant(db: Database, owner: string): Promise<Array<{ id: string; tenantId: string }>> {
  return asOperator(db, async (tx) => {
    const pending = await tx.query<{ id: string; tenantId: string }>(
      `SELECT id, "tenantId" FROM (
         SELECT DISTINCT ON (tenant_id) id, tenant_id AS "tenantId", lease_owner, lease_until
           FROM event_batches WHERE status = 'pending'
          ORDER BY tenant_id, received_at, id) oldest
        WHERE lease_until IS NULL OR lease_until < now() OR lease_owner = $1
        ORDER BY "tenantId"`,
      [owner],
    );
    return pending.rows;
  });
}

export interface ClaimedSlice {
  batchId: string;
  tenantId: string;
  source: EventSource;
  /** Index in the batch of the first event of the slice. */
  start: number;
  events: unknown[];
}

/**
 * Leases a batch for `leaseSeconds` and returns its next `size` events (none when another process holds
 * the lease or the batch is done). The batch body is parsed here each time: a slice is small, the body
 * at most 1 MiB, and no batch has to stay in memory between slices.
 */
export async function claimSlice(
  db: Database,
  batch: { id: string; tenantId: string },
  options: { owner: string; size: number; leaseSeconds: number },
): Promise<ClaimedSlice | undefined> {
  const claimed = await withTenant(db, batch.tenantId, async (tx) => {
    const result = await tx.query<{ body: string; next_index: number; total: number; source: EventSource }>(
      `UPDATE event_batches SET lease_owner = $2, lease_until = now() + make_interval(secs => $3)
        WHERE id = $1 AND status = 'pending' AND (lease_until IS NULL OR lease_until < now() OR lease_owner = $2)
        RETURNING body, next_index, total, source`,
      [batch.id, options.owner, options.leaseSeconds],
    );
    return result.rows[0];
  });
  if (!claimed) return undefined;
  const events = (JSON.parse(claimed.body) as { events: unknown[] }).events;
  return {
    batchId: batch.id,
    tenantId: batch.tenantId,
    source: claimed.source,
    start: claimed.next_index,
    events: events.slice(claimed.next_index, Math.min(claimed.next_index + options.size, claimed.total)),
  };
}

/** Appends a slice's results and moves the batch on (done after its last event); releases the lease. */
export async function recordSlice(db: Database, slice: ClaimedSlice, results: BatchEventResult[], owner: string): Promise<void> {
  const count = (status: BatchEventResult['status']) => results.filter((result) => result.status === status).length;
  await withTenant(db, slice.tenantId, async (tx) => {
    await tx.query(
      `UPDATE event_batches
          SET results = results || $3::jsonb, next_index = next_index + $4,
              applied = applied + $5, duplicates = duplicates + $6, dead_lettered = dead_lettered + $7, failed = failed + $8,
              status = CASE WHEN next_index + $4 >= total THEN 'done' ELSE 'pending' END,
              finished_at = CASE WHEN next_index + $4 >= total THEN now() END,
              lease_owner = NULL, lease_until = NULL
        WHERE id = $1 AND lease_owner = $2 AND next_index = $9`,
      [
        slice.batchId,
        owner,
        // Results name the sender's own values (ids) back; text PostgreSQL cannot store is escaped.
        JSON.stringify(escapeUnsafeDeep(results)),
        results.length,
        count('applied'),
        count('duplicate'),
        count('dead_lettered'),
        count('failed'),
        slice.start,
      ],
    );
  });
}
