/**
 * The partner a request acts for, carried through the request's async work (HTTP handler, MCP call,
 * agent run, retrieval) so that every tenant transaction it opens names the partner to the database.
 * withTenant sets `app.partner_id` from here; the database then admits the tenant only while the
 * partner holds a grant to it (core/migrations/0011_partner_organisations.sql).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';

export const partnerScopeSchema = z.object({
  partnerId: z.uuid(),
  /** partner_analyst: every tenant transaction is READ ONLY, enforced by PostgreSQL. */
  readOnly: z.boolean(),
});
export type PartnerScope = z.infer<typeof partnerScopeSchema>;

const storage = new AsyncLocalStorage<PartnerScope>();

export function runInPartnerScope<T>(scope: PartnerScope, fn: () => T): T {
  return storage.run(partnerScopeSchema.parse(scope), fn);
}

export function currentPartnerScope(): PartnerScope | undefined {
  return storage.getStore();
}
