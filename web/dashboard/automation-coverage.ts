/**
 * Automation coverage: of the exceptions resolved in a window, the share resolved without manual work
 * (resolution "auto": the cause disappeared, or "agent": the copilot's remediation), versus "human".
 * Derived from the core's exception queue through its exported listExceptions.
 */
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { listExceptions, type ResolutionHow } from '../../core/exceptions/index.ts';

export interface AutomationCoverage {
  resolved: number;
  automated: number;
  byHow: Record<ResolutionHow | 'unrecorded', number>;
  /** automated / resolved (0–1, 4 places); null when nothing was resolved. */
  rate: number | null;
  /** True when more resolved exceptions existed than were scanned. */
  truncated: boolean;
}

const PAGE = 1000;
const MAX_SCANNED = 20_000;

export async function automationCoverage(db: Database, tenantId: string, window: { from: Date; to: Date }): Promise<AutomationCoverage> {
  const byHow: AutomationCoverage['byHow'] = { auto: 0, agent: 0, human: 0, unrecorded: 0 };
  let scanned = 0;
  let truncated = false;
  await withTenant(db, tenantId, async (tx) => {
    for (let offset = 0; ; offset += PAGE) {
      const page = await listExceptions(tx, { status: ['resolved'], sort: 'newest', limit: PAGE, offset });
      for (const exception of page) {
        const resolvedAt = exception.resolution.resolvedAt;
        if (!resolvedAt || resolvedAt < window.from || resolvedAt >= window.to) continue;
        byHow[exception.resolution.how ?? 'unrecorded'] += 1;
      }
      scanned += page.length;
      if (page.length < PAGE) break;
      if (scanned >= MAX_SCANNED) {
        truncated = true;
        break;
      }
    }
  });
  const resolved = byHow.auto + byHow.agent + byHow.human + byHow.unrecorded;
  const automated = byHow.auto + byHow.agent;
  return { resolved, automated, byHow, rate: resolved === 0 ? null : Math.round((automated / resolved) * 10_000) / 10_000, truncated };
}
