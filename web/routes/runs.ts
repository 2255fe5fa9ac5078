/**
 * GET /v1/runs/:id — one agent run's transcript (the same document `copilot runs export` writes).
 * GET /v1/runs — recent runs of the tenant, summarised. A rep sees triage runs and their own chats;
 * approvers, admins and evaluators see every run of their tenant. Other tenants' runs do not exist here.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { NotFoundError, parseOrThrow } from '../../core/errors.ts';
import { hasAnyRole, type Principal } from '../../core/identity/roles.ts';
import { getRun, listRuns } from '../../agent/transcripts/runs.ts';
import type { RunTranscript } from '../../agent/transcripts/transcript-schema.ts';
import { requireRoles } from '../auth/require-auth.ts';
import { getPrincipal, type AppEnv } from '../context.ts';

const RUN_READER_ROLES = ['rep', 'approver', 'admin', 'evaluator'] as const;
const ALL_RUNS_ROLES = ['approver', 'admin', 'evaluator'] as const;

const listQuerySchema = z.object({
  kind: z.enum(['triage', 'chat']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

function mayRead(principal: Principal, run: RunTranscript): boolean {
  return run.kind === 'triage' || run.userId === principal.userId || hasAnyRole(principal, ALL_RUNS_ROLES);
}

function summary(run: RunTranscript) {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    model: run.model,
    exceptionId: run.exceptionId,
    threadId: run.threadId,
    outcome: run.outcome?.kind ?? null,
    toolCalls: run.toolCalls.length,
    proposals: run.proposals.map((proposal) => ({ id: proposal.id, tool: proposal.tool, status: proposal.status })),
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}

export function registerRunRoutes(app: Hono<AppEnv>, deps: { db: Database }): void {
  app.get('/v1/runs/:id', requireRoles(...RUN_READER_ROLES), async function getRunTranscript(c) {
    const principal = getPrincipal(c);
    const id = c.req.param('id');
    const run = await getRun(deps.db, principal.tenantId, id);
    // Someone else's chat reads as absent, not forbidden: run ids reveal nothing.
    if (!mayRead(principal, run)) throw new NotFoundError('run', id);
    return c.json(run);
  });

  app.get('/v1/runs', requireRoles(...RUN_READER_ROLES), async function listRecentRuns(c) {
    const principal = getPrincipal(c);
    const query = parseOrThrow(listQuerySchema, c.req.query(), 'query parameters');
    const runs = await listRuns(deps.db, {
      tenantId: principal.tenantId,
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.since ? { since: new Date(query.since) } : {}),
      newestFirst: true,
      limit: hasAnyRole(principal, ALL_RUNS_ROLES) ? query.limit : Math.min(1000, query.limit * 5),
    });
    const visible = runs.filter((run) => mayRead(principal, run)).slice(0, query.limit);
    return c.json({ runs: visible.map(summary) });
  });
}
