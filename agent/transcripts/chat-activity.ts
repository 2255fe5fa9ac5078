/** Adoption of the copilot in a tenant over a window: chats and the people who held them (the partner scorecard). */
import type { Tx } from '../../core/db/database.ts';

export interface ChatActivity {
  /** Chat runs (one per message a person sent the copilot). */
  chats: number;
  /** Distinct people who chatted. */
  activeUsers: number;
  /** Triage runs of the agent over exceptions. */
  triageRuns: number;
}

export async function countChatActivity(tx: Tx, window: { from: Date; to: Date }): Promise<ChatActivity> {
  const result = await tx.query<{ chats: number; active_users: number; triage_runs: number }>(
    `SELECT count(*) FILTER (WHERE kind = 'chat')::int AS chats,
            count(DISTINCT user_id) FILTER (WHERE kind = 'chat')::int AS active_users,
            count(*) FILTER (WHERE kind = 'triage')::int AS triage_runs
       FROM agent_runs WHERE started_at >= $1 AND started_at < $2`,
    [window.from, window.to],
  );
  const row = result.rows[0]!;
  return { chats: row.chats, activeUsers: row.active_users, triageRuns: row.triage_runs };
}
