/** API keys of the caller's tenant (admin only): list, create (the key is shown once), revoke. */
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeTenantApiKey, type ApiKeySummary } from '../../core/identity/api-keys.ts';
import { actorFromPrincipal, auditApiKeyCreated, auditApiKeyRevoked } from '../../policies/index.ts';
import { ROLES } from '../../core/identity/roles.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { addRoute, isoDate, isoDateOrNull, uuidParam, type ApiRouter } from './openapi.ts';

const roleListSchema = z.array(z.enum(ROLES));

export const apiKeySummarySchema = z
  .object({
    id: z.uuid(),
    prefix: z.string(),
    name: z.string(),
    userName: z.string(),
    roles: roleListSchema,
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });

const newApiKeyBodySchema = z
  .strictObject({
    roles: roleListSchema.min(1, 'at least one role'),
    name: z.string().trim().min(1).max(100).optional(),
    userName: z.string().trim().min(1).max(100).optional(),
  })
  .meta({ id: 'NewApiKey' });

const createdApiKeySchema = z
  .object({
    id: z.uuid(),
    key: z.string().meta({ description: 'The full key. Shown only in this response; store it now.' }),
    prefix: z.string(),
    userId: z.uuid(),
    userName: z.string(),
    roles: roleListSchema,
  })
  .meta({ id: 'CreatedApiKey' });

function toJson(key: ApiKeySummary) {
  return { ...key, createdAt: isoDate(key.createdAt), lastUsedAt: isoDateOrNull(key.lastUsedAt), revokedAt: isoDateOrNull(key.revokedAt) };
}

export function registerApiKeyRoutes(api: ApiRouter, { db }: ApiDependencies): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/api-keys',
      tags: ['identity'],
      summary: 'List the tenant’s API keys (never the keys themselves)',
      access: ['admin'],
      response: z.object({ apiKeys: z.array(apiKeySummarySchema) }),
      responseDescription: 'The keys',
    },
    async (c) => ({ apiKeys: (await listApiKeys(db, getPrincipal(c).tenantId)).map(toJson) }),
  );

  addRoute(
    api,
    {
      method: 'post',
      path: '/v1/api-keys',
      tags: ['identity'],
      summary: 'Create an API key in the caller’s tenant',
      access: ['admin'],
      body: newApiKeyBodySchema,
      status: 201,
      response: createdApiKeySchema,
      responseDescription: 'The new key, shown once',
      errors: [409],
    },
    async (c, { body }) => {
      const principal = getPrincipal(c);
      const created = await createApiKey(
        db,
        { ...body, tenantId: principal.tenantId },
        {
          existingUsersAllowed: [principal.userName],
          createdBy: principal.userId,
          onCreated: (tx, key) => auditApiKeyCreated(tx, principal.tenantId, actorFromPrincipal(principal), key, body.name ?? null),
        },
      );
      c.get('logger').info('api key created', { keyId: created.id, prefix: created.prefix, roles: created.roles });
      return created;
    },
  );

  addRoute(
    api,
    {
      method: 'delete',
      path: '/v1/api-keys/{keyId}',
      tags: ['identity'],
      summary: 'Revoke an API key of the caller’s tenant (immediate for every surface)',
      access: ['admin'],
      params: uuidParam('keyId'),
      response: apiKeySummarySchema,
      responseDescription: 'The revoked key',
      errors: [404],
    },
    async (c, { params }) => {
      const principal = getPrincipal(c);
      await revokeTenantApiKey(db, principal.tenantId, params.keyId, {
        onRevoked: (tx, key) => auditApiKeyRevoked(tx, principal.tenantId, actorFromPrincipal(principal), key),
      });
      const revoked = (await listApiKeys(db, principal.tenantId)).find((key) => key.id === params.keyId)!;
      c.get('logger').info('api key revoked', { keyId: revoked.id, prefix: revoked.prefix });
      return toJson(revoked);
    },
  );
}
