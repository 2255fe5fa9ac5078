/** Events that could not be applied, kept with the reason so nothing is lost and they can be replayed. */
import { createHash } from 'node:crypto';
import type { Database, Tx } from '../db/database.ts';
import { asOperator, withTenant } from '../db/tenant-scope.ts';
import { escapeUnsafeDeep, escapeUnsafeText, findUnsafeText } from '../text/safe-text.ts';
import type { EventSource } from './after-event-hooks.ts';

export interface DeadLetter {
  id: string;
  tenantId: string;
  eventId: string | null;
  eventType: string | null;
  source: EventSource;
  /** The event as received (a string when it was not JSON), exactly, even when it held text PostgreSQL cannot store. */
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

const COLUMNS = `id, tenant_id AS "tenantId", event_id AS "eventId", event_type AS "eventType", source, payload, raw_base64 AS "rawBase64",
  reason, error_code AS "errorCode", details, status, attempts, first_failed_at AS "firstFailedAt", last_failed_at AS "lastFailedAt",
  replayed_at AS "replayedAt"`;

export interface DeadLetterInput {
  eventId: string | null;
  eventType: string | null;
  source: EventSource;
  payload: unknown;
  reason: string;
  errorCode: string;
  details?: unknown;
  /** The delivery's text as received, when the caller has it (a single-event HTTP body, an import line). */
  raw?: string;
  /** Replaying this dead letter: update it instead of adding another. */
  deadLetterId?: string;
}

/** What the row holds for a payload: jsonb PostgreSQL accepts, plus the exact text when jsonb could not hold it. */
interface StoredPayload {
  json: string;
  rawBase64: string | null;
}

/**
 * jsonb refuses \u0000 and unpaired surrogate escapes. A payload holding either is stored as a copy
 * with them written out as visible escapes, and its exact text goes to raw_base64 (UTF-8 is lossless
 * for JSON text: JSON.stringify escapes NUL and lone surrogates, so the text itself is well formed).
 */
function storedPayload(payload: unknown, raw: string | undefined): StoredPayload {
  if (findUnsafeText(payload).length === 0) {
    return { json: JSON.stringify(payload ?? null), rawBase64: null };
  }
  const exact = raw ?? exactJson(payload);
  return {
    json: JSON.stringify(escapeUnsafeDeep(payload) ?? null),
    rawBase64: exact === undefined ? null : Buffer.from(exact, 'utf8').toString('base64'),
  };
}

/** The payload's JSON text, or undefined when it is too deep to serialise (then only the escaped copy is kept). */
function exactJson(payload: unknown): string | undefined {
  if (typeof payload === 'string') return payload;
  try {
    return JSON.stringify(payload ?? null);
  } catch {
    return undefined;
  }
}

/** The key of a dead letter without an event id: the body's SHA-256 (so redeliveries share one row). */
function bodyHash(payload: unknown, raw: string | undefined): string | null {
  const text = raw ?? exactJson(payload);
  return text === undefined ? null : createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Reads a stored payload back: the exact text when one was kept (a string if it is not JSON). */
function readPayload(row: { payload: unknown; rawBase64: string | null }): unknown {
  if (row.rawBase64 === null) return row.payload;
  const text = Buffer.from(row.rawBase64, 'base64').toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Stores a failed event in its own transaction (the failed one has rolled back). One pending row per
 * event id: a redelivery of the same failing event counts another attempt on the same row.
 */
export async function recordDeadLetter(db: Database, tenantId: string, input: DeadLetterInput): Promise<string> {
  return withTenant(db, tenantId, (tx) => storeDeadLetter(tx, input));
}

/**
 * Stores a dead letter inside the caller's tenant transaction: a slice of a batch keeps the dead
 * letters of its failed events in the slice's transaction (the failed event rolled back to its savepoint).
 */
export async function storeDeadLetter(tx: Tx, input: DeadLetterInput): Promise<string> {
  // Everything written is made storable first: a dead letter that cannot be written loses the event.
  const stored = storedPayload(input.payload, input.raw);
  const reason = escapeUnsafeText(input.reason);
  const details = JSON.stringify(escapeUnsafeDeep(input.details ?? null));
  const eventId = input.eventId === null ? null : escapeUnsafeText(input.eventId);
  const eventType = input.eventType === null ? null : escapeUnsafeText(input.eventType);
  const hash = eventId === null ? bodyHash(input.payload, input.raw) : null;
  if (input.deadLetterId) {
    const updated = await tx.query<{ id: string }>(
      `UPDATE dead_letter_events SET attempts = attempts + 1, reason = $2, error_code = $3, details = $4::jsonb, last_failed_at = now()
        WHERE id = $1 RETURNING id`,
      [input.deadLetterId, reason, input.errorCode, details],
    );
    if (updated.rows[0]) return updated.rows[0].id;
  }
  const params = [eventId, eventType, input.source, stored.json, reason, input.errorCode, details, stored.rawBase64, hash];
  const values = `(copilot_tenant_id(), $1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8, $9)`;
  const columns = '(tenant_id, event_id, event_type, source, payload, reason, error_code, details, raw_base64, body_sha256)';
  const onRedelivery = `DO UPDATE SET attempts = dead_letter_events.attempts + 1, reason = EXCLUDED.reason, error_code = EXCLUDED.error_code,
                       details = EXCLUDED.details, payload = EXCLUDED.payload, raw_base64 = EXCLUDED.raw_base64, last_failed_at = now()`;
  // One pending row per event id, or per body when there is no id.
  const conflict = eventId
    ? `ON CONFLICT (tenant_id, event_id) WHERE status = 'pending' AND event_id IS NOT NULL ${onRedelivery}`
    : hash
      ? `ON CONFLICT (tenant_id, body_sha256) WHERE status = 'pending' AND event_id IS NULL AND body_sha256 IS NOT NULL ${onRedelivery}`
      : '';
  const result = await tx.query<{ id: string }>(
    `INSERT INTO dead_letter_events ${columns} VALUES ${values} ${conflict} RETURNING id`,
    params,
  );
  return result.rows[0]!.id;
}

/** Marks pending dead letters of these events as replayed, inside the transaction that applied them. */
export async function markEventsReplayed(tx: Tx, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await tx.query(
    `UPDATE dead_letter_events SET status = 'replayed', replayed_at = now() WHERE status = 'pending' AND event_id = ANY($1::text[])`,
    [eventIds],
  );
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
    const result = await tx.query<DeadLetter & { rawBase64: string | null }>(
      `SELECT ${COLUMNS} FROM dead_letter_events
        WHERE ($1 = 'all' OR status = $1) AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
        ORDER BY first_failed_at, id LIMIT $3`,
      [status, options.ids ?? null, options.limit ?? 1000],
    );
    return result.rows.map(({ rawBase64, ...letter }) => ({ ...letter, payload: readPayload({ payload: letter.payload, rawBase64 }) }));
  };
  return options.tenantId ? withTenant(db, options.tenantId, query) : asOperator(db, query);
}
