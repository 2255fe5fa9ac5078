/** Support load of a tenant in a window: work handed to people and SLA escalations (the partner scorecard). */
import type { Tx } from '../db/database.ts';

export interface WorkLoad {
  /** Exceptions handed over to a person or queue (by the agent or a colleague). */
  handedOver: number;
  /** Escalation ladder steps taken (acknowledge or resolve clock ran out). */
  escalations: number;
  /** Exceptions raised in the window. */
  raised: number;
}

export async function countWorkLoad(tx: Tx, window: { from: Date; to: Date }): Promise<WorkLoad> {
  const result = await tx.query<{ handed_over: number; escalations: number; raised: number }>(
    `SELECT count(*) FILTER (WHERE kind = 'handed_over')::int AS handed_over,
            count(*) FILTER (WHERE kind = 'escalated')::int AS escalations,
            count(*) FILTER (WHERE kind = 'detected')::int AS raised
       FROM exception_events WHERE occurred_at >= $1 AND occurred_at < $2`,
    [window.from, window.to],
  );
  const row = result.rows[0]!;
  return { handedOver: row.handed_over, escalations: row.escalations, raised: row.raised };
}
