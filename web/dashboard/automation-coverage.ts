/**
 * Automation coverage: of the exceptions resolved in a window, the share resolved without manual work
 * (resolution "auto": the cause disappeared, or "agent": the copilot's remediation), versus "human".
 * Counted by the exceptions module over every resolution in the window.
 */
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { countResolutionsByHow, type ResolutionCounts } from '../../core/exceptions/index.ts';

export interface AutomationCoverage {
  resolved: number;
  automated: number;
  byHow: ResolutionCounts;
  /** automated / resolved (0–1, 4 places); null when nothing was resolved. */
  rate: number | null;
}

export async function automationCoverage(db: Database, tenantId: string, window: { from: Date; to: Date }): Promise<AutomationCoverage> {
  const byHow = await withTenant(db, tenantId, (tx) => countResolutionsByHow(tx, window));
  const resolved = byHow.auto + byHow.agent + byHow.human + byHow.unrecorded;
  const automated = byHow.auto + byHow.agent;
  return { resolved, automated, byHow, rate: resolved === 0 ? null : Math.round((automated / resolved) * 10_000) / 10_000 };
}
