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
import { applyEvent, type ApplyEventResult } from '../../core/events/apply-event.ts';
import { SIGNATURE_HEADER, TENANT_HEADER, verifyEventSignature } from '../../core/events/event-signature.ts';
import { findTenant, getWebhookSecret, tenantSlugSchema } from '../../core/tenants/tenants.ts';
import type { AppEnv } from '../context.ts';
import type { Logger } from '../logging/logger.ts';
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
}

const batchSchema = z.object({ events: z.array(z.unknown()).min(1, 'a batch needs at least one event').max(EVENT_BATCH_MAX) });

const SIGNATURE_PROBLEMS = {
  missing: `missing ${SIGNATURE_HEADER} header`,
  malformed: `${SIGNATURE_HEADER} must be "t=<unix seconds>,v1=<hex hmac-sha256>"`,
  stale: 'signature timestamp is outside the allowed clock skew',
  mismatch: 'signature does not match the request body',
} as const;

export function registerEventRoutes(app: Hono<AppEnv>, deps: EventRouteDependencies): void {
  app.post('/v1/events', bodySizeLimit(EVENT_BODY_LIMIT_BYTES), async function receiveEvents(c) {
    const unauthorized = (message: string) => c.json(errorBody('unauthorized', message), 401);
    const slug = tenantSlugSchema.safeParse(c.req.header(TENANT_HEADER) ?? '');
    if (!slug.success) return unauthorized(`missing or malformed ${TENANT_HEADER} header (the tenant slug)`);
    const tenant = await findTenant(deps.db, slug.data);
    // An unknown tenant gets the same answer as a bad signature: the endpoint does not confirm which tenants exist.
    if (!tenant || tenant.slug !== slug.data) return unauthorized(SIGNATURE_PROBLEMS.mismatch);
    const raw = await c.req.text();
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
      const results = [];
      // In order: later events of a batch often depend on earlier ones (order, then its payment).
      for (const [index, event] of batch.data.events.entries()) {
        results.push({ index, ...(await applyIsolated(deps.db, tenant.id, event, c.get('logger'))) });
      }
      return c.json({
        applied: results.filter((r) => r.status === 'applied').length,
        duplicates: results.filter((r) => r.status === 'duplicate').length,
        deadLettered: results.filter((r) => r.status === 'dead_lettered').length,
        failed: results.filter((r) => r.status === 'failed').length,
        results,
      });
    }

    return single(c, await applyEvent(deps.db, tenant.id, body, { source: 'http', raw }));
  });
}

/**
 * One event of a batch, never throwing: applyEvent already turns every failure into a dead letter; if
 * even storing that fails (the database is gone), this event is reported as failed, to be redelivered,
 * and the batch goes on.
 */
async function applyIsolated(db: Database, tenantId: string, event: unknown, logger: Logger) {
  try {
    return summarise(await applyEvent(db, tenantId, event, { source: 'http' }));
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
