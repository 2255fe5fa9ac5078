/**
 * GET /v1/runs/{runId} — one agent run's transcript (the same document `copilot runs export` writes).
 * GET /v1/runs — recent runs of the tenant, summarised. A rep sees triage runs and their own chats;
 * approvers, admins and evaluators see every run of their tenant. Other tenants' runs do not exist here.
 */
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { NotFoundError } from '../../core/errors.ts';
import { hasAnyRole, type Principal, type Role } from '../../core/identity/roles.ts';
import { getRun, listRuns } from '../../agent/transcripts/runs.ts';
import { runTranscriptSchema, type RunTranscript } from '../../agent/transcripts/transcript-schema.ts';
import { addRoute, type ApiRouter } from '../api/openapi.ts';
import { getPrincipal } from '../context.ts';

const RUN_READER_ROLES: readonly Role[] = ['rep', 'approver', 'admin', 'evaluator'];
const ALL_RUNS_ROLES: readonly Role[] = ['approver', 'admin', 'evaluator'];

const listQuerySchema = z.strictObject({
  kind: z.enum(['triage', 'chat']).optional(),
  since: z.iso.datetime({ offset: true }).optional().meta({ description: 'Only runs started at or after this instant' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const runSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(['triage', 'chat']),
  status: z.enum(['running', 'completed', 'failed']),
  model: z.string(),
  exceptionId: z.string().nullable(),
  threadId: z.string().nullable(),
  outcome: z.string().nullable(),
  toolCalls: z.number().int(),
  proposals: z.array(z.object({ id: z.string(), tool: z.string(), status: z.string() })),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

const transcriptResponse = runTranscriptSchema.meta({ id: 'RunTranscript' });

function mayRead(principal: Principal, run: RunTranscript): boolean {
  return run.kind === 'triage' || run.userId === principal.userId || hasAnyRole(principal, ALL_RUNS_ROLES);
}

function summary(run: RunTranscript): z.input<typeof runSummarySchema> {
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

export function registerRunRoutes(api: ApiRouter, deps: { db: Database }): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/runs/{runId}',
      tags: ['agent'],
      summary: 'One agent run (triage or chat): input, messages, tool calls with policy decisions, proposals, citations, timings',
      access: RUN_READER_ROLES,
      params: z.object({ runId: z.string().min(1).max(100) }),
      response: transcriptResponse,
      responseDescription: 'The run transcript (format ops-copilot.run/v1)',
      errors: [404],
    },
    async (c, { params }) => {
      const principal = getPrincipal(c);
      const run = await getRun(deps.db, principal.tenantId, params.runId);
      // Someone else's chat reads as absent, not forbidden: run ids reveal nothing.
      if (!mayRead(principal, run)) throw new NotFoundError('run', params.runId);
      return run;
    },
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/runs',
      tags: ['agent'],
      summary: 'Recent agent runs of the tenant, newest first',
      access: RUN_READER_ROLES,
      query: listQuerySchema,
      response: z.object({ runs: z.array(runSummarySchema) }),
      responseDescription: 'Run summaries',
    },
    async (c, { query }) => {
      const principal = getPrincipal(c);
      const runs = await listRuns(deps.db, {
        tenantId: principal.tenantId,
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.since ? { since: new Date(query.since) } : {}),
        newestFirst: true,
        limit: hasAnyRole(principal, ALL_RUNS_ROLES) ? query.limit : Math.min(1000, query.limit * 5),
      });
      return {
        runs: runs
          .filter((run) => mayRead(principal, run))
          .slice(0, query.limit)
          .map(summary),
      };
    },
  );
}
