/** API keys of the caller's tenant (admin only): list, create (the key is shown once), revoke. */
import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../core/errors.ts';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeySummary } from '../../core/identity/api-keys.ts';
import { ROLES } from '../../core/identity/roles.ts';
import { requireRoles } from '../auth/require-auth.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { bearerSecurity, errorResponses, jsonContent, uuidParam, type ApiRouter } from './openapi.ts';

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
  .openapi('ApiKey');

const createApiKeyBodySchema = z
  .object({
    roles: roleListSchema.min(1, 'at least one role'),
    name: z.string().trim().min(1).max(100).optional(),
    userName: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .openapi('NewApiKey');

const createdApiKeySchema = z
  .object({
    id: z.uuid(),
    key: z.string().openapi({ description: 'The full key. Shown only in this response; store it now.' }),
    prefix: z.string(),
    userId: z.uuid(),
    userName: z.string(),
    roles: roleListSchema,
  })
  .openapi('CreatedApiKey');

function toJson(key: ApiKeySummary) {
  return {
    ...key,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

const adminOnly = requireRoles('admin');

const listKeys = createRoute({
  method: 'get',
  path: '/v1/api-keys',
  tags: ['identity'],
  summary: 'List the tenant’s API keys (never the keys themselves)',
  security: bearerSecurity,
  middleware: adminOnly,
  responses: { 200: jsonContent(z.object({ apiKeys: z.array(apiKeySummarySchema) }), 'The keys'), ...errorResponses(403) },
});

const createKey = createRoute({
  method: 'post',
  path: '/v1/api-keys',
  tags: ['identity'],
  summary: 'Create an API key in the caller’s tenant',
  security: bearerSecurity,
  middleware: adminOnly,
  request: { body: { required: true, content: { 'application/json': { schema: createApiKeyBodySchema } } } },
  responses: { 201: jsonContent(createdApiKeySchema, 'The new key, shown once'), ...errorResponses(400, 403, 413) },
});

const revokeKey = createRoute({
  method: 'delete',
  path: '/v1/api-keys/{keyId}',
  tags: ['identity'],
  summary: 'Revoke an API key of the caller’s tenant (immediate for every surface)',
  security: bearerSecurity,
  middleware: adminOnly,
  request: { params: uuidParam('keyId') },
  responses: { 200: jsonContent(apiKeySummarySchema, 'The revoked key'), ...errorResponses(400, 403, 404) },
});

export function registerApiKeyRoutes(api: ApiRouter, { db }: ApiDependencies): void {
  api.openapi(listKeys, async (c) => {
    const keys = await listApiKeys(db, getPrincipal(c).tenantId);
    return c.json({ apiKeys: keys.map(toJson) }, 200);
  });

  api.openapi(createKey, async (c) => {
    const body = c.req.valid('json');
    const created = await createApiKey(db, { ...body, tenantId: getPrincipal(c).tenantId });
    c.get('logger').info('api key created', { keyId: created.id, prefix: created.prefix, roles: created.roles });
    return c.json(created, 201);
  });

  api.openapi(revokeKey, async (c) => {
    const { keyId } = c.req.valid('param');
    const tenantId = getPrincipal(c).tenantId;
    // revokeApiKey acts across tenants, so the key must first be found within the caller's own.
    const own = (await listApiKeys(db, tenantId)).find((key) => key.id === keyId);
    if (!own) throw new NotFoundError('API key', keyId);
    await revokeApiKey(db, keyId);
    const revoked = (await listApiKeys(db, tenantId)).find((key) => key.id === keyId)!;
    c.get('logger').info('api key revoked', { keyId, prefix: revoked.prefix });
    return c.json(toJson(revoked), 200);
  });
}
