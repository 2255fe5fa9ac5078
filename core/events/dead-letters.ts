/** Events that could not be applied, kept with the reason so nothing is lost and they can be replayed. */
import type { Database, Tx } from '../db/database.ts';
import { asOperator, withTenant } from '../db/tenant-scope.ts';
import type { EventSource } from './after-event-hooks.ts';

export interface DeadLetter {
  id: string;
  tenantId: string;
  eventId: string | null;
  eventType: string | null;
  source: EventSource;
  payload: unknown;
  reason: string;
  errorCode: string;
  details: unknown;
  status: 'pending' | 'replayed';
  attempts: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
  replayedAt: Date | null;
}

const COLUMNS = `id, tenant_id AS "tenantId", event_id AS "eventId", event_type AS "eventType", source, payload, reason, error_code AS "errorCode",
  details, status, attempts, first_failed_at AS "firstFailedAt", last_failed_at AS "lastFailedAt", replayed_at AS "replayedAt"`;

export interface DeadLetterInput {
  eventId: string | null;
  eventType: string | null;
  source: EventSource;
  payload: unknown;
  reason: string;
  errorCode: string;
  details?: unknown;
  /** Replaying this dead letter: update it instead of adding another. */
  deadLetterId?: string;
}

/**
 * Stores a failed event in its own transaction (the failed one has rolled back). One pending row per
 * event id: a redelivery of the same failing event counts another attempt on the same row.
 */
export async function recordDeadLetter(db: Database, tenantId: string, input: DeadLetterInput): Promise<string> {
  return withTenant(db, tenantId, async (tx) => {
    if (input.deadLetterId) {
      const updated = await tx.query<{ id: string }>(
        `UPDATE dead_letter_events SET attempts = attempts + 1, reason = $2, error_code = $3, details = $4::jsonb, last_failed_at = now()
          WHERE id = $1 RETURNING id`,
        [input.deadLetterId, input.reason, input.errorCode, JSON.stringify(input.details ?? null)],
      );
      if (updated.rows[0]) return updated.rows[0].id;
    }
    const params = [
      input.eventId,
      input.eventType,
      input.source,
      JSON.stringify(input.payload ?? null),
      input.reason,
      input.errorCode,
      JSON.stringify(input.details ?? null),
    ];
    const values = `(copilot_tenant_id(), $1, $2, $3, $4::jsonb, $5, $6, $7::jsonb)`;
    const columns = '(tenant_id, event_id, event_type, source, payload, reason, error_code, details)';
    const result = input.eventId
      ? await tx.query<{ id: string }>(
          `INSERT INTO dead_letter_events ${columns} VALUES ${values}
           ON CONFLICT (tenant_id, event_id) WHERE status = 'pending' AND event_id IS NOT NULL
           DO UPDATE SET attempts = dead_letter_events.attempts + 1, reason = EXCLUDED.reason, error_code = EXCLUDED.error_code,
                         details = EXCLUDED.details, payload = EXCLUDED.payload, last_failed_at = now()
           RETURNING id`,
          params,
        )
      : await tx.query<{ id: string }>(`INSERT INTO dead_letter_events ${columns} VALUES ${values} RETURNING id`, params);
    return result.rows[0]!.id;
  });
}

/** Marks pending dead letters of an event (or one by id) as replayed, inside the applying transaction. */
export async function markDeadLettersReplayed(tx: Tx, match: { eventId?: string | null; deadLetterId?: string }): Promise<void> {
  await tx.query(
    `UPDATE dead_letter_events SET status = 'replayed', replayed_at = now()
      WHERE status = 'pending' AND (id = $1::uuid OR ($2::text IS NOT NULL AND event_id = $2))`,
    [match.deadLetterId ?? null, match.eventId ?? null],
  );
}

export interface ListDeadLettersOptions {
  /** Without a tenant the operator lists every tenant's dead letters. */
  tenantId?: string;
  status?: 'pending' | 'replayed' | 'all';
  ids?: string[];
  limit?: number;
}

export async function listDeadLetters(db: Database, options: ListDeadLettersOptions = {}): Promise<DeadLetter[]> {
  const query = async (tx: Tx): Promise<DeadLetter[]> => {
    const status = options.status ?? 'pending';
    const result = await tx.query<DeadLetter>(
      `SELECT ${COLUMNS} FROM dead_letter_events
        WHERE ($1 = 'all' OR status = $1) AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
        ORDER BY first_failed_at, id LIMIT $3`,
      [status, options.ids ?? null, options.limit ?? 1000],
    );
    return result.rows;
  };
  return options.tenantId ? withTenant(db, options.tenantId, query) : asOperator(db, query);
}
