/** GET /v1/tenants/current: the caller's tenant. */
import { createRoute, z } from '@hono/zod-openapi';
import { requireTenant } from '../../core/tenants/tenants.ts';
import { requireAuth } from '../auth/require-auth.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { bearerSecurity, errorResponses, jsonContent, type ApiRouter } from './openapi.ts';

export const tenantSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    timezone: z.string(),
    createdAt: z.iso.datetime(),
  })
  .openapi('Tenant');

const getCurrentTenant = createRoute({
  method: 'get',
  path: '/v1/tenants/current',
  tags: ['identity'],
  summary: 'The tenant the API key belongs to',
  security: bearerSecurity,
  middleware: requireAuth,
  responses: { 200: jsonContent(tenantSchema, 'The tenant'), ...errorResponses() },
});

export function registerTenantRoutes(api: ApiRouter, { db }: ApiDependencies): void {
  api.openapi(getCurrentTenant, async (c) => {
    const tenant = await requireTenant(db, getPrincipal(c).tenantId);
    return c.json({ ...tenant, createdAt: tenant.createdAt.toISOString() }, 200);
  });
}
