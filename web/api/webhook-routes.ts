/**
 * Outbound webhook endpoints of the caller's tenant (admin only): list, create (the signing secret is
 * in the creation response only), update, remove, the delivery log, replay, and the message schema.
 * Private/loopback targets cannot be allowed here: that is an operator's CLI flag (SSRF guard).
 */
import { z } from 'zod';
import { messageJsonSchema, OUTBOX_MESSAGE_TYPES } from '../../core/outbox/index.ts';
import { actorFromPrincipal } from '../../policies/index.ts';
import {
  createWebhookEndpoint,
  DELIVERY_STATUSES,
  ENDPOINT_CHANNELS,
  endpointUpdateSchema,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  newEndpointSchema,
  removeWebhookEndpoint,
  replayWebhookDeliveries,
  updateWebhookEndpoint,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../../integrations/index.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { addRoute, isoDate, isoDateOrNull, type ApiRouter } from './openapi.ts';

const typeList = z.array(z.enum(OUTBOX_MESSAGE_TYPES as [string, ...string[]]));

export const webhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string().meta({ description: 'Origin and path; a query string is shown as ?…; a Slack URL only as its origin.' }),
    channel: z.enum(ENDPOINT_CHANNELS).meta({ description: 'webhook (signed), slack, teams or email.' }),
    types: typeList.meta({ description: 'Message types delivered here; empty means all.' }),
    queues: z.array(z.string()).meta({ description: 'Route: work.* notices for these queues (with users empty too: all notices).' }),
    users: z.array(z.string()).meta({ description: 'Route: work.* notices for these users.' }),
    digest: z
      .object({ severities: z.array(z.string()), everyMinutes: z.number().int() })
      .nullable()
      .meta({ description: 'Notices of these severities are collected into a digest.' }),
    description: z.string(),
    enabled: z.boolean().meta({ description: 'false = paused: messages queue until it is enabled again.' }),
    allowPrivate: z.boolean(),
    consecutiveFailures: z.number().int(),
    circuitOpenUntil: z.iso.datetime().nullable(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookEndpoint' });

const deliverySchema = z
  .object({
    id: z.uuid(),
    endpointId: z.uuid(),
    messageId: z.uuid(),
    webhookId: z.string(),
    messageType: z.string(),
    orderingKey: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.iso.datetime().nullable(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastAttemptAt: z.iso.datetime().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    history: z.array(
      z.object({
        attempt: z.number().int(),
        statusCode: z.number().int().nullable(),
        error: z.string().nullable(),
        durationMs: z.number().int(),
        outcome: z.enum(['delivered', 'retry', 'dead']),
        attemptedAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'WebhookDelivery' });

const endpointParams = z.object({ webhookId: z.uuid() });

function endpointJson(endpoint: WebhookEndpoint) {
  return { ...endpoint, circuitOpenUntil: isoDateOrNull(endpoint.circuitOpenUntil), createdAt: isoDate(endpoint.createdAt) };
}

function deliveryJson(delivery: WebhookDelivery) {
  return {
    ...delivery,
    nextAttemptAt: isoDateOrNull(delivery.nextAttemptAt),
    lastAttemptAt: isoDateOrNull(delivery.lastAttemptAt),
    deliveredAt: isoDateOrNull(delivery.deliveredAt),
    createdAt: isoDate(delivery.createdAt),
    history: delivery.history.map((attempt) => ({ ...attempt, attemptedAt: isoDate(attempt.attemptedAt) })),
  };
}

export function registerWebhookRoutes(api: ApiRouter, { db }: ApiDependencies): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/webhooks',
      tags: ['webhooks'],
      summary: 'List the tenant’s webhook endpoints (never their secrets)',
      access: ['admin'],
      response: z.object({ webhooks: z.array(webhookEndpointSchema) }),
      responseDescription: 'The endpoints',
    },
    async (c) => ({ webhooks: (await listWebhookEndpoints(db, getPrincipal(c).tenantId)).map(endpointJson) }),
  );

  addRoute(
    api,
    {
      method: 'post',
      path: '/v1/webhooks',
      tags: ['webhooks'],
      summary: 'Add a webhook endpoint; the response holds its signing secret, shown only this once',
      description: 'The URL must be https and must not point at a loopback, private or link-local address.',
      access: ['admin'],
      body: newEndpointSchema.meta({ id: 'NewWebhookEndpoint' }),
      status: 201,
      response: z
        .object({
          endpoint: webhookEndpointSchema,
          secret: z.string().meta({ description: 'Standard Webhooks secret (whsec_…). Store it now; it is never shown again.' }),
        })
        .meta({ id: 'CreatedWebhookEndpoint' }),
      responseDescription: 'The endpoint and its secret',
    },
    async (c, { body }) => {
      const principal = getPrincipal(c);
      const created = await createWebhookEndpoint(db, principal.tenantId, body, { actor: actorFromPrincipal(principal) });
      c.get('logger').info('webhook endpoint created', { endpointId: created.endpoint.id, url: created.endpoint.url });
      return { endpoint: endpointJson(created.endpoint), secret: created.secret };
    },
  );

  addRoute(
    api,
    {
      method: 'patch',
      path: '/v1/webhooks/{webhookId}',
      tags: ['webhooks'],
      summary: 'Change an endpoint’s types, description, or pause/resume it (resuming closes its circuit breaker)',
      access: ['admin'],
      params: endpointParams,
      body: endpointUpdateSchema.meta({ id: 'WebhookEndpointUpdate' }),
      response: webhookEndpointSchema,
      responseDescription: 'The endpoint after the change',
      errors: [404],
    },
    async (c, { params, body }) => {
      const principal = getPrincipal(c);
      return endpointJson(await updateWebhookEndpoint(db, principal.tenantId, params.webhookId, body, actorFromPrincipal(principal)));
    },
  );

  addRoute(
    api,
    {
      method: 'delete',
      path: '/v1/webhooks/{webhookId}',
      tags: ['webhooks'],
      summary: 'Remove an endpoint and its delivery log',
      access: ['admin'],
      params: endpointParams,
      response: webhookEndpointSchema,
      responseDescription: 'The removed endpoint',
      errors: [404],
    },
    async (c, { params }) => {
      const principal = getPrincipal(c);
      return endpointJson(await removeWebhookEndpoint(db, principal.tenantId, params.webhookId, actorFromPrincipal(principal)));
    },
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/webhooks/{webhookId}/deliveries',
      tags: ['webhooks'],
      summary: 'The endpoint’s delivery log, newest first, with every attempt',
      access: ['admin'],
      params: endpointParams,
      query: z.strictObject({
        status: z.enum(DELIVERY_STATUSES).optional(),
        type: z.string().max(100).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      response: z.object({ deliveries: z.array(deliverySchema) }),
      responseDescription: 'The deliveries',
      errors: [404],
    },
    async (c, { params, query }) => {
      const tenantId = getPrincipal(c).tenantId;
      await getWebhookEndpoint(db, tenantId, params.webhookId);
      const deliveries = await listWebhookDeliveries(db, tenantId, { ...query, endpointId: params.webhookId });
      return { deliveries: deliveries.map(deliveryJson) };
    },
  );

  addRoute(
    api,
    {
      method: 'post',
      path: '/v1/webhooks/{webhookId}/deliveries/replay',
      tags: ['webhooks'],
      summary: 'Send deliveries again (same webhook-id, fresh retry horizon): the ones named, or every dead one',
      access: ['admin'],
      params: endpointParams,
      body: z
        .strictObject({ deliveryIds: z.array(z.uuid()).max(1000).optional(), allDead: z.boolean().optional() })
        .meta({ id: 'WebhookReplay' }),
      response: z.object({ replayed: z.array(z.uuid()) }),
      responseDescription: 'The deliveries queued again',
      errors: [404],
    },
    async (c, { params, body }) => {
      const principal = getPrincipal(c);
      await getWebhookEndpoint(db, principal.tenantId, params.webhookId);
      const replayed = await replayWebhookDeliveries(
        db,
        principal.tenantId,
        { ...body, endpointId: params.webhookId },
        actorFromPrincipal(principal),
      );
      return { replayed };
    },
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/webhooks/schema',
      tags: ['webhooks'],
      summary: 'JSON Schema of every outbound message type (generated from the same zod schemas the product validates with)',
      access: 'authenticated',
      response: z.record(z.string(), z.unknown()),
      responseDescription: 'A JSON Schema (draft 2020-12)',
    },
    () => messageJsonSchema(),
  );
}
