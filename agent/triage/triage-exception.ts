/**
 * Triage of one claimed exception: run the triage agent as the tenant's triage principal, then
 * record the outcome on the exception (resolved / awaiting approval / handed off, or a failure that
 * counts toward parking). Works within the exception's tenant only.
 */
import { tenantTimezone } from '../../core/tenants/tenants.ts';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { AppError } from '../../core/errors.ts';
import {
  ClaimLostError,
  completeTriage,
  listRetriageRounds,
  recordTriageFailure,
  type OperationalException,
  type RetriageRound,
} from '../../core/exceptions/index.ts';
import type { Decision } from '../../tools/outcome.ts';
import type { AgentLimitsInput } from '../limits.ts';
import type { ModelHandle } from '../models/model-handle.ts';
import { triageSystemPrompt } from '../prompts/system-prompts.ts';
import { runAgent } from '../run/run-agent.ts';
import { triageOutcomesTotal } from '../telemetry/metrics.ts';
import type { AgentToolbox } from '../toolbox/toolbox.ts';
import { startRunIn } from '../transcripts/runs.ts';
import type { RunInput } from '../transcripts/transcript-schema.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { classifyTriage } from './classify-triage.ts';
import { buildTriageMessage, type TriageSubject } from './triage-message.ts';
import { retrieveRunbook, runbookCitations, type RunbookContext } from './runbook-context.ts';
import { triagePrincipal } from './triage-principal.ts';

export type TriageItemOutcome = 'executed' | 'awaiting_approval' | 'handoff' | 'failed';

/** One line of `copilot triage --json`. */
export interface TriageItem {
  exceptionId: string;
  type: string;
  outcome: TriageItemOutcome;
  proposals: Array<{ id: string; tool: string; decision: Decision }>;
  runId: string | null;
  reason?: string;
}

export interface TriageDependencies {
  db: Database;
  model: ModelHandle;
  toolboxFor: (principal: Principal) => AgentToolbox;
  limits?: AgentLimitsInput;
  /** Failures before an exception is parked for a human. */
  maxAttempts?: number;
}

/**
 * What the agent is shown about the exception: the same compact view get_exception gives, minus its
 * full history — but with the earlier triage rounds (what was proposed and what became of it: the
 * approver's reason, the failure), so a re-triage does not propose again what was turned down. Those
 * words are others' (under `history`, which the provenance gate treats as untrusted system text).
 */
export function triageSubject(exception: OperationalException, rounds: readonly RetriageRound[] = []): TriageSubject {
  const entities = Object.fromEntries(Object.entries(exception.codes).filter(([, value]) => typeof value === 'string' && value));
  return {
    ...(rounds.length
      ? {
          history: rounds.map((round) => ({
            round: round.round,
            proposed: { tool: round.tool, ...(round.args !== undefined ? { args: round.args } : {}) },
            outcome: round.outcome,
            reason: round.reason,
            ...(round.by ? { by: round.by } : {}),
          })),
        }
      : {}),
    id: exception.id,
    type: exception.type,
    severity: exception.severity,
    title: exception.title,
    entities,
    evidence: exception.evidence,
    slaDueAt: exception.slaDueAt.toISOString(),
    detectedAt: exception.detectedAt.toISOString(),
  };
}

/** What a triage run is given: the message the agent reads, and the subject and runbook as structured input. */
function triageInput(subject: TriageSubject, runbook: RunbookContext | undefined): RunInput {
  return {
    message: buildTriageMessage(subject, runbook),
    history: [],
    exception: subject,
    ...(runbook
      ? {
          runbook: {
            documentId: runbook.documentId,
            version: runbook.version,
            actions: runbook.actions,
            sections: runbook.sections.map((section) => section.ref),
          },
        }
      : {}),
  };
}

const TRIAGE_TO_EXCEPTION = { executed: 'resolved', awaiting_approval: 'awaiting_approval', handoff: 'handoff' } as const;

/** Triage one exception this worker has claimed. Never throws for a run failure: it is recorded and reported. */
export async function triageException(
  deps: TriageDependencies,
  exception: OperationalException,
  tenantSlug: string,
  workerId: string,
): Promise<TriageItem> {
  const { db } = deps;
  const principal = await triagePrincipal(db, { id: exception.tenantId, slug: tenantSlug });
  let runId: string | null = null;
  try {
    const runbook = await retrieveRunbook(db, exception.tenantId, exception.type);
    const model = deps.model;
    // One transaction before the run: the earlier rounds, the tenant's time zone (the prompt's clock)
    // and the run's start, which needs the rounds (its input is what the agent is shown).
    const started = await withTenant(db, exception.tenantId, async (tx) => {
      const rounds = await listRetriageRounds(tx, exception.id);
      const timeZone = await tenantTimezone(tx, exception.tenantId);
      const input = triageInput(triageSubject(exception, rounds), runbook);
      const id = await startRunIn(tx, {
        tenantId: principal.tenantId,
        kind: 'triage',
        model: model.id,
        input,
        userId: principal.userId,
        threadId: null,
        exceptionId: exception.id,
      });
      return { id, input, timeZone };
    });
    runId = started.id;
    const result = await runAgent({
      db,
      runId: started.id,
      toolbox: deps.toolboxFor(principal),
      model,
      principal,
      kind: 'triage',
      systemPrompt: triageSystemPrompt({ principal, timeZone: started.timeZone }),
      input: started.input,
      ...(runbook ? { sources: runbookCitations(runbook) } : {}),
      exceptionId: exception.id,
      exceptionType: exception.type,
      classify: classifyTriage,
      ...(deps.limits ? { limits: deps.limits } : {}),
    });
    runId = result.runId;
    const proposals = result.proposals.map((proposal) => ({ id: proposal.id, tool: proposal.tool, decision: proposal.decision }));
    if (result.status === 'failed') {
      const error = result.error?.message ?? 'triage run failed';
      await withTenant(db, exception.tenantId, (tx) =>
        recordTriageFailure(tx, exception.id, {
          workerId,
          error,
          runId: result.runId,
          ...(deps.maxAttempts ? { maxAttempts: deps.maxAttempts } : {}),
        }),
      );
      triageOutcomesTotal.inc({ type: exception.type, outcome: 'failed' });
      return { exceptionId: exception.id, type: exception.type, outcome: 'failed', proposals, runId, reason: error };
    }
    const outcome = result.outcome.kind as Exclude<TriageItemOutcome, 'failed'>;
    await recordOutcome(db, exception, workerId, { outcome, runId: result.runId, note: result.outcome.reason });
    triageOutcomesTotal.inc({ type: exception.type, outcome });
    return {
      exceptionId: exception.id,
      type: exception.type,
      outcome,
      proposals,
      runId,
      ...(result.outcome.reason ? { reason: result.outcome.reason } : {}),
    };
  } catch (error) {
    // Infrastructure failures (database, recording) also count as an attempt, so a broken case is parked, not retried forever.
    const message = error instanceof Error ? error.message : String(error);
    await withTenant(db, exception.tenantId, (tx) =>
      recordTriageFailure(tx, exception.id, {
        workerId,
        error: message.slice(0, 8000) || 'triage failed',
        ...(runId ? { runId } : {}),
        ...(deps.maxAttempts ? { maxAttempts: deps.maxAttempts } : {}),
      }),
    ).catch(() => undefined);
    triageOutcomesTotal.inc({ type: exception.type, outcome: 'failed' });
    return { exceptionId: exception.id, type: exception.type, outcome: 'failed', proposals: [], runId, reason: message };
  }
}

/**
 * Records the outcome on the claimed exception. An action the gate executed may already have
 * resolved the exception through re-detection; then there is nothing left to record. completeTriage
 * checks the claim under the row lock (ClaimLostError), so the row is not read first.
 */
async function recordOutcome(
  db: Database,
  exception: OperationalException,
  workerId: string,
  outcome: { outcome: keyof typeof TRIAGE_TO_EXCEPTION; runId: string; note: string | undefined },
): Promise<void> {
  await withTenant(db, exception.tenantId, (tx) =>
    completeTriage(tx, exception.id, {
      workerId,
      runId: outcome.runId,
      outcome: TRIAGE_TO_EXCEPTION[outcome.outcome],
      ...(outcome.note ? { note: outcome.note.slice(0, 4000) } : {}),
    }),
  ).catch((error: unknown) => {
    if (error instanceof ClaimLostError) return;
    if (error instanceof AppError && error.code === 'illegal_transition') return;
    throw error;
  });
}
