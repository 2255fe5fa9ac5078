/**
 * Partner keys (`Authorization: Bearer ocpp_…`). A partner's person works in one granted tenant per
 * request, named by the `X-Copilot-Tenant` header (slug or id): the request then runs as that tenant's
 * principal (roles mapped from the partner roles) inside the partner scope, so every tenant
 * transaction it opens — routes, MCP, the agent, retrieval — is admitted by the database only through
 * the partner's grant. Without the header only the partner routes (/v1/partner/…) serve it.
 */
import type { MiddlewareHandler } from 'hono';
import type { Database } from '../../core/db/database.ts';
import { runInPartnerScope } from '../../core/db/partner-scope.ts';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../../core/errors.ts';
import { authenticatePartnerKey, enterTenant } from '../../core/partners/index.ts';
import type { AppEnv } from '../context.ts';

const PARTNER_BEARER = /^Bearer[ ]+(ocpp_[^\s]+)[ ]*$/i;
export const TENANT_HEADER = 'X-Copilot-Tenant';
const TENANT_REFERENCE = /^[A-Za-z0-9-]{2,63}$/;

export function identifyPartner(db: Database): MiddlewareHandler<AppEnv> {
  return async function identifyPartnerMiddleware(c, next) {
    const token = PARTNER_BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
    if (!token) return next();
    let partner: Awaited<ReturnType<typeof authenticatePartnerKey>>;
    try {
      partner = await authenticatePartnerKey(db, token);
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      c.set('authError', new UnauthorizedError('missing or invalid partner key'));
      return next();
    }
    c.set('partnerPrincipal', partner);
    const tenantRef = c.req.header(TENANT_HEADER);
    if (tenantRef === undefined) {
      c.set(
        'authError',
        new ForbiddenError(`a partner key works in one granted tenant per request: name it in the ${TENANT_HEADER} header`),
      );
      return next();
    }
    if (!TENANT_REFERENCE.test(tenantRef)) throw new ValidationError(`${TENANT_HEADER} must be a tenant slug or id`);
    const inside = await enterTenant(db, partner, tenantRef);
    c.set('principal', inside.principal);
    c.set('authMethod', 'bearer');
    await runInPartnerScope(inside.scope, next);
  };
}
