/** How much of a tool's automatic-execution budget the tenant has used, counted from proposals. */
import type { Tx } from '../../core/db/database.ts';
import type { BudgetUsage } from '../decision-context.ts';

/**
 * Serialises decisions on one tool within one tenant for the rest of the transaction, so two
 * concurrent calls cannot both take the last unit of a budget.
 */
export async function lockToolBudget(tx: Tx, tenantId: string, tool: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('tool_budget:' || $1::text || ':' || $2::text, 0))`, [tenantId, tool], {
    prepare: 'everywhere',
  });
}

/**
 * Auto-allowed calls (decision allow, not failed) of the tool in the last minute, hour and day. No upper
 * bound at `now`: each call reads its clock before it waits for the budget lock, so a call that waited
 * can carry an earlier `now` than a row committed while it waited — that row is spent budget all the same.
 */
export async function loadBudgetUsage(tx: Tx, tenantId: string, tool: string, now: Date): Promise<BudgetUsage> {
  const result = await tx.query<Record<string, number>>(
    `SELECT count(*) FILTER (WHERE created_at > $3::timestamptz - interval '1 minute') AS minute_calls,
            coalesce(sum(amount) FILTER (WHERE created_at > $3::timestamptz - interval '1 minute'), 0) AS minute_amount,
            count(*) FILTER (WHERE created_at > $3::timestamptz - interval '1 hour') AS hour_calls,
            coalesce(sum(amount) FILTER (WHERE created_at > $3::timestamptz - interval '1 hour'), 0) AS hour_amount,
            count(*) AS day_calls,
            coalesce(sum(amount), 0) AS day_amount
       FROM proposals
      WHERE tenant_id = $1 AND tool = $2 AND decision = 'allow' AND status IN ('approved', 'executed')
        AND created_at > $3::timestamptz - interval '1 day'`,
    [tenantId, tool, now.toISOString()],
    { prepare: 'everywhere' },
  );
  const row = result.rows[0] ?? {};
  const read = (key: string): number => Number(row[key] ?? 0);
  return {
    minute: { calls: read('minute_calls'), amount: read('minute_amount') },
    hour: { calls: read('hour_calls'), amount: read('hour_amount') },
    day: { calls: read('day_calls'), amount: read('day_amount') },
  };
}
