/** The runs table: one row per agent run, written when it starts and completed when it ends. */
import type { Database, Tx } from '../../core/db/database.ts';
import { asOperator, withTenant } from '../../core/db/tenant-scope.ts';
import { NotFoundError } from '../../core/errors.ts';
import {
  TRANSCRIPT_FORMAT,
  type RunInput,
  type RunKind,
  type RunOutcome,
  type RunTimings,
  type RunTranscript,
  type TokenUsage,
  type TranscriptDecision,
  type TranscriptMessage,
  type TranscriptProposal,
  type TranscriptToolCall,
} from './transcript-schema.ts';
import type { Citation } from '../../retrieval/citation.ts';

export interface NewRun {
  tenantId: string;
  kind: RunKind;
  model: string;
  input: RunInput;
  userId?: string | null;
  threadId?: string | null;
  exceptionId?: string | null;
}

export interface FinishedRun {
  status: 'completed' | 'failed';
  messages: TranscriptMessage[];
  toolCalls: TranscriptToolCall[];
  decisions: TranscriptDecision[];
  proposals: TranscriptProposal[];
  citations: Citation[];
  answer: string | null;
  outcome: RunOutcome | null;
  usage: TokenUsage | null;
  timings: Partial<RunTimings>;
  error: { code: string; message: string } | null;
}

interface RunRow {
  id: string;
  tenant_id: string;
  kind: RunKind;
  status: RunTranscript['status'];
  user_id: string | null;
  thread_id: string | null;
  exception_id: string | null;
  model: string;
  input: RunInput;
  messages: TranscriptMessage[];
  tool_calls: TranscriptToolCall[];
  decisions: TranscriptDecision[];
  proposals: TranscriptProposal[];
  citations: Citation[];
  answer: string | null;
  outcome: RunOutcome | null;
  usage: TokenUsage | null;
  timings: Partial<RunTimings>;
  error: { code: string; message: string } | null;
  started_at: Date;
  finished_at: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const RUN_COLUMNS = `id, tenant_id, kind, status, user_id, thread_id, exception_id, model, input, messages, tool_calls,
  decisions, proposals, citations, answer, outcome, usage, timings, error, started_at, finished_at`;

function toTranscript(row: RunRow): RunTranscript {
  return {
    format: TRANSCRIPT_FORMAT,
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    status: row.status,
    userId: row.user_id,
    threadId: row.thread_id,
    exceptionId: row.exception_id,
    model: row.model,
    input: row.input,
    messages: row.messages,
    toolCalls: row.tool_calls,
    decisions: row.decisions,
    proposals: row.proposals,
    citations: row.citations,
    answer: row.answer,
    outcome: row.outcome,
    usage: row.usage,
    timings: row.timings,
    error: row.error,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
  };
}

/** Records the start of a run and returns its id (the id proposals and spans refer to). */
export async function startRun(db: Database, run: NewRun): Promise<string> {
  return withTenant(db, run.tenantId, (tx) => startRunIn(tx, run));
}

/**
 * The same inside the caller's tenant transaction (the triage worker's, which reads the exception's
 * earlier rounds and the tenant's time zone in it anyway): one transaction fewer a run.
 */
export async function startRunIn(tx: Tx, run: NewRun): Promise<string> {
  const result = await tx.query<{ id: string }>(
    `INSERT INTO agent_runs (tenant_id, kind, model, input, user_id, thread_id, exception_id)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) RETURNING id`,
    [run.tenantId, run.kind, run.model, JSON.stringify(run.input), run.userId ?? null, run.threadId ?? null, run.exceptionId ?? null],
    { prepare: 'everywhere' },
  );
  return result.rows[0]!.id;
}

/** Completes a run with everything it did. A run is finished once; later calls change nothing. */
export async function finishRun(db: Database, tenantId: string, runId: string, run: FinishedRun): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    await tx.query(
      `UPDATE agent_runs SET status = $2, messages = $3::jsonb, tool_calls = $4::jsonb, decisions = $5::jsonb,
              proposals = $6::jsonb, citations = $7::jsonb, answer = $8, outcome = $9::jsonb, usage = $10::jsonb,
              timings = $11::jsonb, error = $12::jsonb, finished_at = now()
        WHERE id = $1 AND status = 'running'`,
      [
        runId,
        run.status,
        JSON.stringify(run.messages),
        JSON.stringify(run.toolCalls),
        JSON.stringify(run.decisions),
        JSON.stringify(run.proposals),
        JSON.stringify(run.citations),
        run.answer,
        run.outcome ? JSON.stringify(run.outcome) : null,
        run.usage ? JSON.stringify(run.usage) : null,
        JSON.stringify(run.timings),
        run.error ? JSON.stringify(run.error) : null,
      ],
      { prepare: 'everywhere' },
    );
  });
}

async function selectRun(tx: Tx, runId: string): Promise<RunTranscript | undefined> {
  const result = await tx.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM agent_runs WHERE id = $1`, [runId]);
  return result.rows[0] ? toTranscript(result.rows[0]) : undefined;
}

/** A run of the given tenant (row-level security hides every other tenant's runs). */
export async function getRun(db: Database, tenantId: string, runId: string): Promise<RunTranscript> {
  if (!UUID.test(runId)) throw new NotFoundError('run', runId);
  const run = await withTenant(db, tenantId, (tx) => selectRun(tx, runId));
  if (!run) throw new NotFoundError('run', runId);
  return run;
}

/** A run of any tenant, for the operator CLI (`copilot runs show`). */
export async function getRunAsOperator(db: Database, runId: string): Promise<RunTranscript> {
  if (!UUID.test(runId)) throw new NotFoundError('run', runId);
  const run = await asOperator(db, (tx) => selectRun(tx, runId));
  if (!run) throw new NotFoundError('run', runId);
  return run;
}

export interface RunQuery {
  /** Only this tenant's runs; all tenants (operator) when absent. */
  tenantId?: string;
  since?: Date;
  kind?: RunKind;
  limit?: number;
  /** Most recent first (for listings); export uses the default, oldest first, with `after`. */
  newestFirst?: boolean;
  /** Keyset cursor: runs started strictly after this (started_at, id). */
  after?: { startedAt: Date; id: string };
}

/** Runs in start order, for export. Pages with `after` so an export of any size streams in chunks. */
export async function listRuns(db: Database, query: RunQuery = {}): Promise<RunTranscript[]> {
  const run = async (tx: Tx): Promise<RunTranscript[]> => {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]): void => {
      conditions.push(sql.replace(/\$(\d)/g, (_, n: string) => `$${params.length + Number(n)}`));
      params.push(...values);
    };
    if (query.tenantId) add('tenant_id = $1', query.tenantId);
    if (query.since) add('started_at >= $1', query.since);
    if (query.kind) add('kind = $1', query.kind);
    // Millisecond precision on both sides: JS dates carry no microseconds, so the cursor must not either.
    if (query.after) add("(date_trunc('milliseconds', started_at), id) > ($1, $2::uuid)", query.after.startedAt, query.after.id);
    params.push(query.limit ?? 500);
    const result = await tx.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM agent_runs ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY date_trunc('milliseconds', started_at) ${query.newestFirst ? 'DESC' : ''}, id ${query.newestFirst ? 'DESC' : ''} LIMIT $${params.length}`,
      params,
    );
    return result.rows.map(toTranscript);
  };
  return query.tenantId ? withTenant(db, query.tenantId, run) : asOperator(db, run);
}

/** Every run matching the query, page by page. */
export async function* iterateRuns(
  db: Database,
  query: Omit<RunQuery, 'after' | 'limit'> = {},
  pageSize = 200,
): AsyncGenerator<RunTranscript> {
  let after: RunQuery['after'];
  for (;;) {
    const page = await listRuns(db, { ...query, limit: pageSize, ...(after ? { after } : {}) });
    yield* page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { startedAt: new Date(last.startedAt), id: last.id };
  }
}
