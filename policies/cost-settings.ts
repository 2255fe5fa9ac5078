/** The tenant's fulfilment and return cost rates: the `costs` section of its active policy (zero where absent). */
import type { Tx } from '../core/db/database.ts';
import { costSettingsSchema, type CostSettings } from './policy-document.ts';
import { loadActivePolicy } from './policy-store.ts';

export async function loadCostSettings(tx: Tx, tenantId: string): Promise<CostSettings> {
  const policy = await loadActivePolicy(tx, tenantId);
  // Policies applied before the section existed have none: no cost is assumed, and the KPI shows the zero rates.
  return costSettingsSchema.parse((policy.document as { costs?: unknown }).costs ?? {});
}
