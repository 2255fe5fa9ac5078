/**
 * Event intake: POST /v1/events, one event or { events: [...] }. The tenant is named by
 * X-Copilot-Tenant and proven by X-Copilot-Signature (HMAC-SHA256 over "<t>.<raw body>" with the
 * tenant's webhook secret), so storefronts, WMS and PSP middleware need no API key.
 */
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { Config } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';
import { issuesFromZod } from '../../core/errors.ts';
import type { EventSource } from '../../core/events/after-event-hooks.ts';
import { applyEvent, type ApplyEventResult } from '../../core/events/apply-event.ts';
import { applyEvents } from '../../core/events/apply-events.ts';
import { EventBatchApplier } from '../../core/events/event-batch-applier.ts';
import { type EventBatch, enqueueEventBatch, findEventBatch } from '../../core/events/event-batches.ts';
import { SIGNATURE_HEADER, TENANT_HEADER, verifyEventSignature } from '../../core/events/event-signature.ts';
import { findTenant, getWebhookSecret, tenantSlugSchema } from '../../core/tenants/tenants.ts';
import type { AppEnv } from '../context.ts';
import { createLogger, type Logger } from '../logging/logger.ts';
import { errorBody } from '../errors.ts';
import { bodySizeLimit } from '../middleware/body-size-limit.ts';

/** Event deliveries above this are refused with 413 (senders batch at most a few hundred events). */
export const EVENT_BODY_LIMIT_BYTES = 1024 * 1024;
export const EVENT_BATCH_MAX = 1000;

export interface EventRouteDependencies {
  db: Database;
  config: Pick<Config, 'COPILOT_EVENT_MAX_SKEW_SECONDS'>;
  /** Clock in unix seconds (tests). */
  nowSeconds?: () => number;
  /** Applies queued batches; one per process (serve kicks it at start). Default: a new one for this app. */
  batches?: EventBatchApplier;
}

/** The longest a sender may ask to wait for its batch (`Prefer: wait=N`) before the 202 answer. */
export const BATCH_WAIT_MAX_SECONDS = 60;

/**
 * The batch applier for HTTP batches: a slice in one transaction with every event isolated (apply-events.ts),
 * outcomes in the response's per-event shape.
 */
export function createEventBatchApplier(db: Database, logger: Logger): EventBatchApplier {
  return new EventBatchApplier(db, {
    applySlice: async (database, tenantId, events, source) => {
      try {
        return (
          await applyEvents(
            database,
            tenantId,
            events.map((input) => ({ input })),
            { source },
          )
        ).map(summarise);
      } catch {
        // Not even a dead letter could be stored for some event (the database is gone): each is tried
        // alone, and one that still cannot be stored is reported as failed, to be redelivered.
        const outcomes = [];
        for (const event of events) outcomes.push(await applyIsolated(database, tenantId, event, logger, source));
        return outcomes;
      }
    },
    onError: (error) => logger.error('event batch applier', { error }),
  });
}

const batchSchema = z.object({ events: z.array(z.unknown()).min(1, 'a batch needs at least one event').max(EVENT_BATCH_MAX) });

const SIGNATURE_PROBLEMS = {
  missing: `missing ${SIGNATURE_HEADER} header`,
  malformed: `${SIGNATURE_HEADER} must be "t=<unix seconds>,v1=<hex hmac-sha256>"`,
  stale: 'signature timestamp is outside the allowed clock skew',
  mismatch: 'signature does not match the request body',
} as const;

/**
 * The tenant a signed request comes from, or the 401 to answer. The signature covers "<t>.<raw body>"
 * (an empty body for GET).
 */
async function signedTenant(c: Context<AppEnv>, deps: EventRouteDependencies, raw: string) {
  const unauthorized = (message: string) => ({ refused: c.json(errorBody('unauthorized', message), 401) }) as const;
  const slug = tenantSlugSchema.safeParse(c.req.header(TENANT_HEADER) ?? '');
  if (!slug.success) return unauthorized(`missing or malformed ${TENANT_HEADER} header (the tenant slug)`);
  const tenant = await findTenant(deps.db, slug.data);
  // An unknown tenant gets the same answer as a bad signature: the endpoint does not confirm which tenants exist.
  if (!tenant || tenant.slug !== slug.data) return unauthorized(SIGNATURE_PROBLEMS.mismatch);
  const check = verifyEventSignature({
    secret: await getWebhookSecret(deps.db, tenant.id),
    body: raw,
    header: c.req.header(SIGNATURE_HEADER),
    maxSkewSeconds: deps.config.COPILOT_EVENT_MAX_SKEW_SECONDS,
    now: deps.nowSeconds?.(),
  });
  if (!check.ok) {
    const detail = check.reason === 'stale' ? ` (±${deps.config.COPILOT_EVENT_MAX_SKEW_SECONDS} s)` : '';
    return unauthorized(SIGNATURE_PROBLEMS[check.reason] + detail);
  }
  return { tenant } as const;
}

/** Seconds the sender asks to wait for a batch (RFC 7240 `Prefer: wait=N`), capped; 0 without the header. */
function preferredWaitSeconds(c: Context<AppEnv>): number {
  const wait = /(?:^|[,;\s])wait=(\d+)/i.exec(c.req.header('Prefer') ?? '')?.[1];
  return wait ? Math.min(Number(wait), BATCH_WAIT_MAX_SECONDS) : 0;
}

function batchBody(batch: EventBatch) {
  return {
    batchId: batch.id,
    status: batch.status,
    total: batch.total,
    processed: batch.processed,
    applied: batch.applied,
    duplicates: batch.duplicates,
    deadLettered: batch.deadLettered,
    failed: batch.failed,
    receivedAt: batch.receivedAt,
    finishedAt: batch.finishedAt,
    results: batch.results,
  };
}

export function registerEventRoutes(app: Hono<AppEnv>, deps: EventRouteDependencies): EventBatchApplier {
  const batches = deps.batches ?? createEventBatchApplier(deps.db, createLogger({ level: 'warn' }));

  app.get('/v1/events/batches/:batchId', async function readBatch(c) {
    const signed = await signedTenant(c, deps, '');
    if ('refused' in signed) return signed.refused;
    const batch = await findEventBatch(deps.db, signed.tenant.id, c.req.param('batchId'));
    if (!batch) return c.json(errorBody('not_found', 'no such event batch for this tenant'), 404);
    return c.json(batchBody(batch));
  });

  app.post('/v1/events', bodySizeLimit(EVENT_BODY_LIMIT_BYTES), async function receiveEvents(c) {
    const raw = await c.req.text();
    const signed = await signedTenant(c, deps, raw);
    if ('refused' in signed) return signed.refused;
    const { tenant } = signed;

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      // Authenticated but unreadable: kept as a dead letter so nothing a tenant sent is lost.
      // Keyed by the body's hash, so redeliveries of the same broken body count attempts on one row.
      const stored = await applyEvent(deps.db, tenant.id, raw, { source: 'http' });
      return c.json(
        errorBody(
          'validation_failed',
          'body is not valid JSON',
          deadLetterDetails(stored, [{ path: '(root)', message: 'not valid JSON' }]),
        ),
        400,
      );
    }

    if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'events' in body) {
      const batch = batchSchema.safeParse(body);
      if (!batch.success) {
        const issues = issuesFromZod(batch.error);
        return c.json(
          errorBody('validation_failed', `invalid batch: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues }),
          400,
        );
      }
      // Stored first, then applied by the batch applier in slices shared fairly between tenants, so a
      // large batch never holds up other requests or other tenants' events.
      const batchId = await enqueueEventBatch(deps.db, tenant.id, { body: raw, total: batch.data.events.length });
      batches.kick();
      const wait = preferredWaitSeconds(c);
      const state = wait > 0 ? await batches.waitFor(tenant.id, batchId, wait * 1000) : undefined;
      if (state?.status === 'done') return c.json(batchBody(state), 200);
      const location = `/v1/events/batches/${batchId}`;
      c.header('Location', location);
      return c.json({ batchId, status: 'pending', total: batch.data.events.length, statusUrl: location }, 202);
    }

    return single(c, await applyEvent(deps.db, tenant.id, body, { source: 'http', raw }));
  });

  return batches;
}

/**
 * One event of a batch, never throwing: applyEvent already turns every failure into a dead letter; if
 * even storing that fails (the database is gone), this event is reported as failed, to be redelivered,
 * and the batch goes on.
 */
async function applyIsolated(db: Database, tenantId: string, event: unknown, logger: Logger, source: EventSource = 'http') {
  try {
    return summarise(await applyEvent(db, tenantId, event, { source }));
  } catch (error) {
    logger.error('event could not be applied or dead-lettered', { error });
    const id = (event as { id?: unknown } | null)?.id;
    return {
      status: 'failed' as const,
      duplicate: false,
      eventId: typeof id === 'string' ? id : null,
      error: { code: 'internal', message: 'the event could not be applied or stored; redeliver it' },
    };
  }
}

function single(c: Context<AppEnv>, result: ApplyEventResult): Response {
  if (result.status !== 'dead_lettered') return c.json(summarise(result), 200);
  const failure = publicFailure(result);
  // Invalid bodies are the sender's to fix (400); valid events that cannot apply yet (unknown SKU,
  // order in the wrong state) are kept for replay and reported as unprocessable (422).
  const status: ContentfulStatusCode = result.invalid ? 400 : 422;
  return c.json(errorBody(failure.code as 'validation_failed', failure.message, deadLetterDetails(result, result.error.issues)), status);
}

function summarise(result: ApplyEventResult) {
  if (result.status !== 'dead_lettered')
    return { status: result.status, duplicate: result.duplicate, eventId: result.eventId, type: result.type };
  const failure = publicFailure(result);
  return {
    status: result.status,
    duplicate: false,
    eventId: result.eventId,
    type: result.type,
    deadLetterId: result.deadLetterId,
    error: { code: failure.code, message: failure.message, ...(result.error.issues ? { issues: result.error.issues } : {}) },
  };
}

/** Internal failures (database, bugs) keep their message in the dead letter, not in the response. */
function publicFailure(result: Extract<ApplyEventResult, { status: 'dead_lettered' }>): { code: string; message: string } {
  if (result.error.code === 'internal') return { code: 'internal', message: 'the event could not be applied; it was stored for replay' };
  return { code: result.error.code, message: result.error.message };
}

function deadLetterDetails(result: ApplyEventResult, issues?: Array<{ path: string; message: string }>) {
  return {
    ...(issues ? { issues } : {}),
    eventId: result.eventId,
    ...(result.status === 'dead_lettered' ? { deadLetterId: result.deadLetterId } : {}),
  };
}
