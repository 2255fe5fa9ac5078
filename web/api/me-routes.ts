/** GET /v1/me: who the presented credential belongs to. */
import { z } from 'zod';
import { PARTNER_ROLES, ROLES } from '../../core/identity/roles.ts';
import { getPrincipal } from '../context.ts';
import { addRoute, type ApiRouter } from './openapi.ts';

export const principalSchema = z
  .object({
    tenantId: z.uuid(),
    tenantSlug: z.string(),
    userId: z.uuid(),
    userName: z.string(),
    roles: z.array(z.enum(ROLES)),
    keyId: z.uuid().optional(),
    partner: z
      .object({ partnerId: z.uuid(), partnerSlug: z.string(), roles: z.array(z.enum(PARTNER_ROLES)) })
      .optional()
      .describe('Set when a partner organisation’s person works in this (granted) tenant.'),
    authMethod: z.enum(['bearer', 'oauth', 'session']),
  })
  .meta({ id: 'Principal' });

export function registerMeRoutes(api: ApiRouter): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/me',
      tags: ['identity'],
      summary: 'The authenticated caller: tenant, user and roles',
      access: 'authenticated',
      response: principalSchema,
      responseDescription: 'The caller',
    },
    (c) => ({ ...getPrincipal(c), authMethod: c.get('authMethod') ?? 'bearer' }),
  );
}
