/**
 * A tenant's webhook endpoints: create (the signing secret is returned once and never again), list,
 * update, remove. Every change is audited in its transaction; URLs pass the SSRF guard first.
 */
import { z } from 'zod';
import type { Database, Tx } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { NotFoundError, parseOrThrow } from '../../core/errors.ts';
import { outboxMessageTypeSchema, type OutboxMessageType } from '../../core/outbox/index.ts';
import { appendAuditEntry, type AuditActor } from '../../policies/index.ts';
import { MAX_URL_LENGTH, redactUrl, validateEndpointUrl, validateMailto } from './endpoint-url.ts';
import { generateSigningSecret } from './signing.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const text = (max: number) =>
  z
    .string()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is refused by name
    .refine((value) => !/\u0000/.test(value), 'must not contain NUL characters')
    .refine((value) => !LONE_SURROGATE.test(value), 'must not contain lone surrogates');

export const ENDPOINT_CHANNELS = ['webhook', 'slack', 'teams', 'email'] as const;
export type EndpointChannel = (typeof ENDPOINT_CHANNELS)[number];
/** What Slack, Teams and email carry: notices about work waiting for people (never raw events). */
export const NOTICE_TYPES = ['work.assigned', 'work.escalated'] as const satisfies readonly OutboxMessageType[];

const routeName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@ -]{0,199}$/, 'a queue id or user name');
const severities = z.enum(['low', 'medium', 'high', 'critical']);

export const newEndpointSchema = z
  .strictObject({
    /** https URL (webhook, Slack incoming webhook, Teams workflow webhook) or mailto:address[,address] (email). */
    url: text(MAX_URL_LENGTH).min(1),
    channel: z.enum(ENDPOINT_CHANNELS).default('webhook'),
    types: z.array(outboxMessageTypeSchema).max(50).default([]),
    /** Only work.* notices for these queues / users (both empty: every notice). */
    queues: z.array(routeName).max(100).default([]),
    users: z.array(routeName).max(100).default([]),
    /** Notices about work of these severities are collected and sent together every `everyMinutes`. */
    digest: z
      .strictObject({ severities: z.array(severities).min(1).max(4), everyMinutes: z.number().int().min(5).max(1440).default(60) })
      .optional(),
    description: text(200).default(''),
    enabled: z.boolean().default(true),
  })
  .superRefine((endpoint, context) => {
    if (endpoint.channel === 'webhook') {
      if (endpoint.digest) context.addIssue({ code: 'custom', path: ['digest'], message: 'a digest is for slack, teams and email routes' });
      return;
    }
    endpoint.types.forEach((type, index) => {
      if (!(NOTICE_TYPES as readonly string[]).includes(type)) {
        context.addIssue({
          code: 'custom',
          path: ['types', index],
          message: `${endpoint.channel} routes carry ${NOTICE_TYPES.join(' and ')} only`,
        });
      }
    });
  });
export type NewEndpoint = z.input<typeof newEndpointSchema>;

export const endpointUpdateSchema = z.strictObject({
  types: z.array(outboxMessageTypeSchema).max(50).optional(),
  description: text(200).optional(),
  enabled: z.boolean().optional(),
});
export type EndpointUpdate = z.input<typeof endpointUpdateSchema>;

export interface WebhookEndpoint {
  id: string;
  tenantId: string;
  /** Redacted (no query string) for display. */
  url: string;
  channel: EndpointChannel;
  types: OutboxMessageType[];
  queues: string[];
  users: string[];
  digest: { severities: string[]; everyMinutes: number } | null;
  description: string;
  enabled: boolean;
  allowPrivate: boolean;
  consecutiveFailures: number;
  circuitOpenUntil: Date | null;
  createdBy: string;
  createdAt: Date;
}

interface EndpointRow {
  id: string;
  tenant_id: string;
  url: string;
  channel: EndpointChannel;
  types: OutboxMessageType[];
  queues: string[];
  users: string[];
  digest_severities: string[];
  digest_minutes: number;
  description: string;
  enabled: boolean;
  allow_private: boolean;
  consecutive_failures: number;
  circuit_open_until: Date | null;
  created_by: string;
  created_at: Date;
}

const COLUMNS =
  'id, tenant_id, url, channel, types, queues, users, digest_severities, digest_minutes, description, enabled, allow_private, consecutive_failures, circuit_open_until, created_by, created_at';

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    url: redactUrl(row.url, row.channel),
    channel: row.channel,
    types: row.types,
    queues: row.queues,
    users: row.users,
    digest: row.digest_severities.length ? { severities: row.digest_severities, everyMinutes: row.digest_minutes } : null,
    description: row.description,
    enabled: row.enabled,
    allowPrivate: row.allow_private,
    consecutiveFailures: row.consecutive_failures,
    circuitOpenUntil: row.circuit_open_until,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export interface CreatedEndpoint {
  endpoint: WebhookEndpoint;
  /** The signing secret: shown in this result only. */
  secret: string;
}

export interface CreateOptions {
  actor: AuditActor;
  /** Operator only (the CLI flag): loopback/private targets and plain http. */
  allowPrivate?: boolean;
}

export async function createWebhookEndpoint(
  db: Database,
  tenantId: string,
  input: NewEndpoint,
  options: CreateOptions,
): Promise<CreatedEndpoint> {
  // Validated before the transaction opens; createWebhookEndpointIn checks again for its other callers.
  parseOrThrow(newEndpointSchema, input, 'webhook endpoint');
  return withTenant(db, tenantId, (tx) => createWebhookEndpointIn(tx, tenantId, input, options));
}

/**
 * Creates the endpoint inside the caller's transaction (the tenant's, or the operator's while it sets
 * a new tenant up from a template), audited in that transaction.
 */
export async function createWebhookEndpointIn(
  tx: Tx,
  tenantId: string,
  input: NewEndpoint,
  options: CreateOptions,
): Promise<CreatedEndpoint> {
  const body = parseOrThrow(newEndpointSchema, input, 'webhook endpoint');
  const allowPrivate = options.allowPrivate === true;
  const url = body.channel === 'email' ? validateMailto(body.url) : validateEndpointUrl(body.url, { allowPrivate }).href;
  const secret = generateSigningSecret();
  const types = body.channel === 'webhook' || body.types.length > 0 ? [...new Set(body.types)] : [...NOTICE_TYPES];
  const result = await tx.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (tenant_id, url, secret, types, description, enabled, allow_private, created_by, channel, queues, users,
                                    digest_severities, digest_minutes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
    [
      tenantId,
      url,
      secret,
      types,
      body.description,
      body.enabled,
      allowPrivate,
      options.actor.name,
      body.channel,
      [...new Set(body.queues)],
      [...new Set(body.users)],
      body.digest ? [...new Set(body.digest.severities)] : [],
      body.digest?.everyMinutes ?? 60,
    ],
  );
  const endpoint = toEndpoint(result.rows[0]!);
  await appendAuditEntry(tx, {
    tenantId,
    actor: options.actor,
    action: 'webhook.created',
    entityType: 'webhook_endpoint',
    entityId: endpoint.id,
    after: {
      url: endpoint.url,
      channel: endpoint.channel,
      types: endpoint.types,
      queues: endpoint.queues,
      users: endpoint.users,
      digest: endpoint.digest,
      enabled: endpoint.enabled,
      allowPrivate,
    },
  });
  return { endpoint, secret };
}

export async function listWebhookEndpoints(db: Database, tenantId: string): Promise<WebhookEndpoint[]> {
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<EndpointRow>(`SELECT ${COLUMNS} FROM webhook_endpoints ORDER BY created_at, id`);
    return result.rows.map(toEndpoint);
  });
}

async function lockEndpoint(tx: Tx, id: string): Promise<EndpointRow> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError('webhook endpoint', id);
  const result = await tx.query<EndpointRow>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1 FOR UPDATE`, [id]);
  if (!result.rows[0]) throw new NotFoundError('webhook endpoint', id);
  return result.rows[0];
}

export async function getWebhookEndpoint(db: Database, tenantId: string, id: string): Promise<WebhookEndpoint> {
  return withTenant(db, tenantId, async (tx) => toEndpoint(await lockEndpoint(tx, id)));
}

export async function updateWebhookEndpoint(
  db: Database,
  tenantId: string,
  id: string,
  input: EndpointUpdate,
  actor: AuditActor,
): Promise<WebhookEndpoint> {
  const change = parseOrThrow(endpointUpdateSchema, input, 'webhook endpoint update');
  return withTenant(db, tenantId, async (tx) => {
    const before = toEndpoint(await lockEndpoint(tx, id));
    const result = await tx.query<EndpointRow>(
      `UPDATE webhook_endpoints
          SET types = coalesce($2, types), description = coalesce($3, description), enabled = coalesce($4, enabled),
              -- Re-enabling closes the breaker: an operator says the receiver is back.
              consecutive_failures = CASE WHEN $4 IS TRUE THEN 0 ELSE consecutive_failures END,
              circuit_open_until = CASE WHEN $4 IS TRUE THEN NULL ELSE circuit_open_until END,
              updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, change.types ? [...new Set(change.types)] : null, change.description ?? null, change.enabled ?? null],
    );
    const after = toEndpoint(result.rows[0]!);
    await appendAuditEntry(tx, {
      tenantId,
      actor,
      action: 'webhook.updated',
      entityType: 'webhook_endpoint',
      entityId: id,
      before: { types: before.types, description: before.description, enabled: before.enabled },
      after: { types: after.types, description: after.description, enabled: after.enabled },
    });
    return after;
  });
}

/** Removes the endpoint and its delivery history; pending deliveries to it are dropped. */
export async function removeWebhookEndpoint(db: Database, tenantId: string, id: string, actor: AuditActor): Promise<WebhookEndpoint> {
  return withTenant(db, tenantId, async (tx) => {
    const endpoint = toEndpoint(await lockEndpoint(tx, id));
    await tx.query('DELETE FROM webhook_endpoints WHERE id = $1', [id]);
    await appendAuditEntry(tx, {
      tenantId,
      actor,
      action: 'webhook.removed',
      entityType: 'webhook_endpoint',
      entityId: id,
      before: { url: endpoint.url, types: endpoint.types },
    });
    return endpoint;
  });
}
