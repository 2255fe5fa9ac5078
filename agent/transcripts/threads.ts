/** Chat threads: per tenant and user, an ordered list of user and assistant turns. */
import type { Database, Tx } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { NotFoundError } from '../../core/errors.ts';

export interface Thread {
  id: string;
  tenantId: string;
  userId: string;
  title: string;
  createdAt: Date;
  updatedAt: Date;
}

/** `event`: written by the system, not a person or the model (what became of a proposal the thread made). */
export type ThreadMessageRole = 'user' | 'assistant' | 'event';

export interface ThreadMessage {
  role: ThreadMessageRole;
  content: string;
  runId: string | null;
  /** Event turns: the proposal they are about, and their facts as data. */
  proposalId: string | null;
  data: Record<string, unknown> | null;
  createdAt: Date;
}

interface ThreadRow {
  id: string;
  tenant_id: string;
  user_id: string;
  title: string;
  created_at: Date;
  updated_at: Date;
}

const toThread = (row: ThreadRow): Thread => ({
  id: row.id,
  tenantId: row.tenant_id,
  userId: row.user_id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function createThread(db: Database, tenantId: string, userId: string, title: string): Promise<Thread> {
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<ThreadRow>(
      `INSERT INTO agent_threads (tenant_id, user_id, title) VALUES ($1, $2, $3)
       RETURNING id, tenant_id, user_id, title, created_at, updated_at`,
      [tenantId, userId, title.slice(0, 120)],
    );
    return toThread(result.rows[0]!);
  });
}

/**
 * A thread of this user in this tenant. Another user's thread is "not found" (not "forbidden"), so
 * thread ids reveal nothing; another tenant's thread is invisible through row-level security anyway.
 */
export async function getThread(db: Database, tenantId: string, userId: string, threadId: string): Promise<Thread> {
  if (!isThreadId(threadId)) throw new NotFoundError('thread', threadId);
  const thread = await withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<ThreadRow>(
      `SELECT id, tenant_id, user_id, title, created_at, updated_at FROM agent_threads WHERE id = $1 AND user_id = $2`,
      [threadId, userId],
    );
    return result.rows[0];
  });
  if (!thread) throw new NotFoundError('thread', threadId);
  return toThread(thread);
}

export async function listThreads(db: Database, tenantId: string, userId: string, limit = 50): Promise<Thread[]> {
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<ThreadRow>(
      `SELECT id, tenant_id, user_id, title, created_at, updated_at FROM agent_threads
        WHERE user_id = $1 ORDER BY updated_at DESC LIMIT $2`,
      [userId, limit],
    );
    return result.rows.map(toThread);
  });
}

/** The thread's turns, oldest first; `limit` keeps the most recent ones (what fits a model's context). */
export async function listThreadMessages(db: Database, tenantId: string, threadId: string, limit = 40): Promise<ThreadMessage[]> {
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<{
      role: ThreadMessageRole;
      content: string;
      run_id: string | null;
      proposal_id: string | null;
      data: Record<string, unknown> | null;
      created_at: Date;
    }>(
      `SELECT role, content, run_id, proposal_id, data, created_at FROM (
         SELECT id, role, content, run_id, proposal_id, data, created_at FROM agent_thread_messages
          WHERE thread_id = $1 ORDER BY id DESC LIMIT $2) recent
        ORDER BY id`,
      [threadId, limit],
    );
    return result.rows.map((row) => ({
      role: row.role,
      content: row.content,
      runId: row.run_id,
      proposalId: row.proposal_id,
      data: row.data,
      createdAt: row.created_at,
    }));
  });
}

export async function appendThreadMessages(
  db: Database,
  tenantId: string,
  threadId: string,
  messages: ReadonlyArray<{ role: 'user' | 'assistant'; content: string; runId?: string | null }>,
): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    for (const message of messages) {
      await tx.query(`INSERT INTO agent_thread_messages (tenant_id, thread_id, role, content, run_id) VALUES ($1, $2, $3, $4, $5)`, [
        tenantId,
        threadId,
        message.role,
        message.content,
        message.runId ?? null,
      ]);
    }
    await tx.query(`UPDATE agent_threads SET updated_at = now() WHERE id = $1`, [threadId]);
  });
}

export interface ThreadEvent {
  tenantId: string;
  threadId: string;
  content: string;
  proposalId: string;
  data: Record<string, unknown>;
  /** One message per key and thread (a change reported twice is written once). */
  eventKey: string;
}

/** Appends a system-written event turn inside the caller's transaction; false when the key was already there. */
export async function appendThreadEvent(tx: Tx, event: ThreadEvent): Promise<boolean> {
  const result = await tx.query(
    `INSERT INTO agent_thread_messages (tenant_id, thread_id, role, content, proposal_id, data, event_key)
     VALUES ($1, $2, 'event', $3, $4, $5, $6) ON CONFLICT (thread_id, event_key) WHERE event_key IS NOT NULL DO NOTHING`,
    [event.tenantId, event.threadId, event.content, event.proposalId, JSON.stringify(event.data), event.eventKey],
  );
  if (result.rowCount === 0) return false;
  await tx.query(`UPDATE agent_threads SET updated_at = now() WHERE id = $1 AND tenant_id = $2`, [event.threadId, event.tenantId]);
  return true;
}

/** The chat thread a run belongs to (none for triage runs or a run without a thread). */
export async function findThreadOfRun(tx: Tx, tenantId: string, runId: string): Promise<string | undefined> {
  if (!isThreadId(runId)) return undefined;
  const result = await tx.query<{ thread_id: string | null }>(
    `SELECT thread_id FROM agent_runs WHERE id = $1 AND tenant_id = $2 AND kind = 'chat'`,
    [runId, tenantId],
  );
  return result.rows[0]?.thread_id ?? undefined;
}

/** The ids of a thread's runs, oldest first. */
export async function listThreadRunIds(db: Database, tenantId: string, threadId: string): Promise<string[]> {
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<{ id: string }>(`SELECT id FROM agent_runs WHERE thread_id = $1 ORDER BY started_at`, [threadId]);
    return result.rows.map((row) => row.id);
  });
}

/** Removes a thread that holds no turn (one whose first turn failed before anything was written to it). */
export async function deleteThreadIfEmpty(db: Database, tenantId: string, threadId: string): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    await tx.query(
      `DELETE FROM agent_threads t WHERE t.id = $1 AND NOT EXISTS (SELECT 1 FROM agent_thread_messages m WHERE m.thread_id = t.id)`,
      [threadId],
    );
  });
}

/** Thread ids are UUIDs; anything else is simply not a thread. */
export function isThreadId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
