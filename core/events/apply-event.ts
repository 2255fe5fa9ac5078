/**
 * Applies one inbound event to state in one tenant transaction, idempotently by (tenant, event id).
 * Anything that cannot be applied — an invalid body, an unknown SKU, an illegal transition, a failing
 * hook — rolls back and is stored as a dead letter (in its own transaction) with the reason; the
 * caller gets a result, never an exception, so a batch or import carries on.
 */
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { AppError, issuesFromZod, type FieldIssue } from '../errors.ts';
import { unsafeTextIssues } from '../text/safe-text.ts';
import { emptyTouched, runAfterEventHooks, type EventSource, type TouchedEntities } from './after-event-hooks.ts';
import { type DeadLetterInput, markDeadLettersReplayed, recordDeadLetter } from './dead-letters.ts';
import { handleEvent } from './event-handlers.ts';
import { inboundEventSchema, type InboundEvent } from './event-schemas.ts';

export interface ApplyEventOptions {
  source?: EventSource;
  /** Set when replaying a dead letter: success marks it replayed, failure updates it. */
  deadLetterId?: string;
  /** The delivery's text as received (a single-event body, an import line): a dead letter keeps it exactly. */
  raw?: string;
}

export interface EventFailure {
  code: string;
  message: string;
  /** Field issues for invalid bodies ("data.lines.0.sku: …"). */
  issues?: FieldIssue[];
  details?: unknown;
}

export type ApplyEventResult =
  | { status: 'applied'; duplicate: false; eventId: string; type: string; touched: TouchedEntities }
  | { status: 'duplicate'; duplicate: true; eventId: string; type: string }
  | {
      status: 'dead_lettered';
      duplicate: false;
      eventId: string | null;
      type: string | null;
      deadLetterId: string;
      invalid: boolean;
      error: EventFailure;
    };

export async function applyEvent(
  db: Database,
  tenantId: string,
  input: unknown,
  options: ApplyEventOptions = {},
): Promise<ApplyEventResult> {
  const source = options.source ?? 'http';
  const failed = (error: EventFailure, invalid: boolean, event?: InboundEvent) =>
    deadLetter(db, tenantId, input, error, { source, deadLetterId: options.deadLetterId, raw: options.raw, invalid, event });
  const prepared = prepareEvent(input);
  if ('failure' in prepared) return failed(prepared.failure, true);
  const { event } = prepared;
  try {
    return await withTenant(db, tenantId, async (tx) => {
      // Claim the id first: a concurrent delivery of the same event waits on this row and then sees a duplicate.
      const claimed = await tx.query(
        `INSERT INTO inbound_events (tenant_id, event_id, type, occurred_at, source, payload) VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (tenant_id, event_id) DO NOTHING RETURNING event_id`,
        [event.id, event.type, new Date(event.occurredAt), source, JSON.stringify(input)],
      );
      if (claimed.rowCount === 0) {
        // Already applied (e.g. redelivered after a fix): any dead letter of it is resolved too.
        await markDeadLettersReplayed(tx, { eventId: event.id, deadLetterId: options.deadLetterId });
        return { status: 'duplicate', duplicate: true, eventId: event.id, type: event.type } as const;
      }
      const context = { actor: `events:${source}`, at: new Date(event.occurredAt), eventId: event.id };
      const touched = mergeTouched(await handleEvent(tx, event, context));
      await runAfterEventHooks(tx, [{ tenantId, event, source, touched }]);
      await markDeadLettersReplayed(tx, { eventId: event.id, deadLetterId: options.deadLetterId });
      return { status: 'applied', duplicate: false, eventId: event.id, type: event.type, touched } as const;
    });
  } catch (error) {
    return failed(describeFailure(error), false, event);
  }
}

/**
 * Checks an event before any query: raw text that did not parse as JSON upstream (kept verbatim), text
 * PostgreSQL cannot store (NUL, unpaired surrogates) or absurd nesting anywhere in it (unknown fields
 * too: the payload is stored as received), and the event contract.
 */
export function prepareEvent(input: unknown): { event: InboundEvent } | { failure: EventFailure } {
  if (typeof input === 'string') {
    return { failure: { code: 'validation_failed', message: 'not valid JSON', issues: [{ path: '(root)', message: 'not valid JSON' }] } };
  }
  const unsafe = unsafeTextIssues(input);
  if (unsafe.length > 0) return { failure: invalidEvent(unsafe) };
  const parsed = inboundEventSchema.safeParse(input);
  if (!parsed.success) return { failure: invalidEvent(issuesFromZod(parsed.error)) };
  return { event: parsed.data as InboundEvent };
}

function invalidEvent(issues: FieldIssue[]): EventFailure {
  return { code: 'validation_failed', message: `invalid event: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues };
}

export function describeFailure(error: unknown): EventFailure {
  if (error instanceof AppError) {
    const issues = (error.details as { issues?: FieldIssue[] } | undefined)?.issues;
    return {
      code: error.code,
      message: error.message,
      ...(issues ? { issues } : {}),
      ...(error.details !== undefined ? { details: error.details } : {}),
    };
  }
  // Database and programming errors are kept in full in the dead letter; callers decide what to show.
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

async function deadLetter(
  db: Database,
  tenantId: string,
  payload: unknown,
  error: EventFailure,
  options: DeadLetterOptions,
): Promise<ApplyEventResult> {
  const letter = deadLetterFor(payload, error, options);
  const deadLetterId = await recordDeadLetter(db, tenantId, letter.input);
  return letter.result(deadLetterId);
}

export interface DeadLetterOptions {
  source: EventSource;
  deadLetterId?: string;
  raw?: string;
  invalid: boolean;
  event?: InboundEvent;
}

/** What to store for a failed event, and its result once stored (the id it was stored under). */
export function deadLetterFor(
  payload: unknown,
  error: EventFailure,
  options: DeadLetterOptions,
): { input: DeadLetterInput; result: (deadLetterId: string) => ApplyEventResult } {
  const raw = payload as { id?: unknown; type?: unknown } | null;
  const eventId = options.event?.id ?? (typeof raw?.id === 'string' && raw.id.length <= 200 ? raw.id : null);
  const type = options.event?.type ?? (typeof raw?.type === 'string' && raw.type.length <= 100 ? raw.type : null);
  return {
    input: {
      eventId,
      eventType: type,
      source: options.source,
      payload,
      reason: error.message,
      errorCode: error.code,
      details: error.issues ? { issues: error.issues } : error.details,
      deadLetterId: options.deadLetterId,
      raw: options.raw,
    },
    result: (deadLetterId) => ({ status: 'dead_lettered', duplicate: false, eventId, type, deadLetterId, invalid: options.invalid, error }),
  };
}

export function mergeTouched(partial: Partial<TouchedEntities>): TouchedEntities {
  const touched = emptyTouched();
  for (const key of Object.keys(touched) as Array<keyof TouchedEntities>) touched[key] = [...new Set(partial[key] ?? [])];
  return touched;
}
