/** GET /v1/me: who the presented credential belongs to. */
import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '../../core/identity/roles.ts';
import { requireAuth } from '../auth/require-auth.ts';
import { getPrincipal } from '../context.ts';
import { bearerSecurity, errorResponses, jsonContent, type ApiRouter } from './openapi.ts';

export const principalSchema = z
  .object({
    tenantId: z.uuid(),
    tenantSlug: z.string(),
    userId: z.uuid(),
    userName: z.string(),
    roles: z.array(z.enum(ROLES)),
    keyId: z.uuid().optional(),
    authMethod: z.enum(['bearer', 'session']),
  })
  .openapi('Principal');

const getMe = createRoute({
  method: 'get',
  path: '/v1/me',
  tags: ['identity'],
  summary: 'The authenticated caller: tenant, user and roles',
  security: bearerSecurity,
  middleware: requireAuth,
  responses: { 200: jsonContent(principalSchema, 'The caller'), ...errorResponses() },
});

export function registerMeRoutes(api: ApiRouter): void {
  api.openapi(getMe, (c) => {
    const principal = getPrincipal(c);
    return c.json(
      {
        tenantId: principal.tenantId,
        tenantSlug: principal.tenantSlug,
        userId: principal.userId,
        userName: principal.userName,
        roles: principal.roles,
        ...(principal.keyId ? { keyId: principal.keyId } : {}),
        authMethod: c.get('authMethod') ?? 'bearer',
      },
      200,
    );
  });
}
