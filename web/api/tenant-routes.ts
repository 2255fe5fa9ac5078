/** GET /v1/tenants/current: the caller's tenant. */
import { z } from 'zod';
import { requireTenant } from '../../core/tenants/tenants.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { addRoute, isoDate, type ApiRouter } from './openapi.ts';

export const tenantSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    timezone: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Tenant' });

export function registerTenantRoutes(api: ApiRouter, { db }: ApiDependencies): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/tenants/current',
      tags: ['identity'],
      summary: 'The tenant the API key belongs to',
      access: 'authenticated',
      response: tenantSchema,
      responseDescription: 'The tenant',
    },
    async (c) => {
      const tenant = await requireTenant(db, getPrincipal(c).tenantId);
      return { ...tenant, createdAt: isoDate(tenant.createdAt) };
    },
  );
}
