/**
 * The seeded world the browser e2e tests drive: one tenant with the operations scenario (orders, an
 * address exception, two pending proposals), keys per role, and the bundled runbooks ingested so
 * the offline copilot can cite them.
 */
import type { Database } from '../../core/db/database.ts';
import { authenticateApiKey, createApiKey } from '../../core/identity/api-keys.ts';
import type { Role } from '../../core/identity/roles.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { ingestBundledCorpus } from '../../ingestion/index.ts';
import { loadConfig } from '../../core/config.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { seedOperationsScenario, type OperationsScenario } from '../../web/testing/operations-scenario.ts';

export interface OperationsWorld {
  keys: Record<'rep' | 'approver' | 'admin', string>;
  scenario: OperationsScenario;
}

export async function seedOperationsWorld(db: Database): Promise<OperationsWorld> {
  const tenant = await createTenant(db, { slug: 'acme', name: 'Acme Retail' });
  const key = async (roles: Role[], userName: string) => (await createApiKey(db, { tenantId: tenant.id, roles, userName })).key;
  const keys = {
    rep: await key(['rep'], 'rita-rep'),
    approver: await key(['approver'], 'arne-approver'),
    admin: await key(['admin'], 'ada-admin'),
  };
  const scenario = await seedOperationsScenario(db, buildDefaultRegistry(), await authenticateApiKey(db, keys.rep), 10481);
  await ingestBundledCorpus(db, undefined, { config: loadConfig({}) });
  return { keys, scenario };
}
