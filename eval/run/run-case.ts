/**
 * Runs one case on its own database, through the production paths: a triage case claims the
 * selected exception and triages it exactly as the worker does (triageException); a chat case talks
 * to runChat turn by turn in one thread. Each run's stored transcript is then scored.
 */
import type { Config } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { claimExceptionsForTriage, releaseTriageClaim, type OperationalException } from '../../core/exceptions/index.ts';
import type { AgentLimitsInput } from '../../agent/limits.ts';
import { authenticateApiKey, createApiKey } from '../../core/identity/api-keys.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { Tenant } from '../../core/tenants/tenants.ts';
import { runChat, type ChatDependencies } from '../../agent/chat/chat.ts';
import type { ModelHandle } from '../../agent/models/model-handle.ts';
import { createGatedToolbox } from '../../agent/toolbox/gated-toolbox.ts';
import { triageException, type TriageDependencies } from '../../agent/triage/triage-exception.ts';
import { getRun } from '../../agent/transcripts/runs.ts';
import type { RunTranscript } from '../../agent/transcripts/transcript-schema.ts';
import { getProposal, listProposals } from '../../policies/index.ts';
import type { ToolRegistry } from '../../tools/registry.ts';
import { describeSelector, selectException } from '../fixtures/select-exception.ts';
import type { CaseResult } from '../report/report-schema.ts';
import { checkInvariants, checkStoredProposals, type StoredProposalFact, type Violation } from '../scoring/invariants.ts';
import { errorCase, scoreCase, type CaseIdentity, type ScoredTurn } from '../scoring/score-case.ts';
import { isChatCase, type ChatCase, type EvalCase, type Scenario, type TriageCase } from '../suite/suite-schema.ts';
import { observationFromTranscript, type Observation } from './observation.ts';
import { prepareCaseFixture, type CaseFixture, type TemplateSource } from './case-fixture.ts';

export interface CaseRunContext {
  config: Config;
  model: ModelHandle;
  registry: ToolRegistry;
  templates: TemplateSource;
}

export interface SuiteContext {
  name: string;
  /** The suite file, as reports record it. */
  path: string;
  dir: string;
  scenarios: Readonly<Record<string, Scenario>>;
}

const EVAL_WORKER = 'eval-runner';

function writeToolsOf(registry: ToolRegistry): Set<string> {
  return new Set(
    registry
      .list()
      .filter((tool) => tool.kind === 'write')
      .map((tool) => tool.name),
  );
}

interface TurnRun {
  input: string;
  transcript: RunTranscript;
  observation: Observation;
}

async function observe(db: Database, tenantId: string, runId: string, input: string): Promise<TurnRun> {
  const transcript = await getRun(db, tenantId, runId);
  return { input, transcript, observation: observationFromTranscript(transcript) };
}

/** A case's result, and the transcripts of its runs (written beside the report, for replays). */
export interface CaseRun {
  result: CaseResult;
  transcripts: Array<{ turn: number; transcript: RunTranscript }>;
}

/**
 * Triages one exception through the worker's own path: claims its type for the tenant, hands every
 * other claimed exception back, and runs triageException on it (which records the outcome on it).
 */
export async function triageOne(
  context: Pick<CaseRunContext, 'model' | 'registry'>,
  db: Database,
  tenant: Pick<Tenant, 'id' | 'slug'>,
  exception: Pick<OperationalException, 'id' | 'type'>,
  limits?: AgentLimitsInput,
): Promise<string> {
  const claimed = await withTenant(db, tenant.id, async (tx) => {
    const all = await claimExceptionsForTriage(tx, { workerId: EVAL_WORKER, tenantId: tenant.id, types: [exception.type], limit: 500 });
    for (const other of all.filter((candidate) => candidate.id !== exception.id)) await releaseTriageClaim(tx, other.id, EVAL_WORKER);
    return all.find((candidate) => candidate.id === exception.id);
  });
  if (!claimed)
    throw new Error(`could not claim exception ${exception.id} (${exception.type}) for triage: it is not open, or it is parked`);
  const deps: TriageDependencies = {
    db,
    model: context.model,
    toolboxFor: (principal) => createGatedToolbox(db, context.registry, principal),
    ...(limits ? { limits } : {}),
  };
  const item = await triageException(deps, claimed, tenant.slug, EVAL_WORKER);
  if (!item.runId)
    throw new Error(`triage of exception ${exception.id} (${exception.type}) recorded no run: ${item.reason ?? item.outcome}`);
  return item.runId;
}

async function triageTurn(context: CaseRunContext, fixture: CaseFixture, evalCase: TriageCase, now: Date): Promise<TurnRun> {
  const { db, tenant } = fixture;
  const selected = await selectException(db, tenant.id, evalCase.input.exception, now);
  const runId = await triageOne(context, db, tenant, selected, evalCase.limits);
  return observe(db, tenant.id, runId, `triage ${describeSelector(evalCase.input.exception)}`);
}

export async function chatPrincipal(db: Database, tenant: Tenant, evalCase: ChatCase): Promise<Principal> {
  const key = await createApiKey(db, { tenantId: tenant.id, roles: evalCase.input.roles, userName: evalCase.input.userName });
  return authenticateApiKey(db, key.key);
}

async function chatTurns(context: CaseRunContext, fixture: CaseFixture, evalCase: ChatCase): Promise<TurnRun[]> {
  const { db, tenant } = fixture;
  const principal = await chatPrincipal(db, tenant, evalCase);
  const deps: ChatDependencies = {
    db,
    model: context.model,
    toolboxFor: (caller) => createGatedToolbox(db, context.registry, caller),
    ...(evalCase.limits ? { limits: evalCase.limits } : {}),
  };
  const turns: TurnRun[] = [];
  let threadId: string | undefined;
  for (const turn of evalCase.input.turns) {
    const result = await runChat(deps, principal, { message: turn.user, ...(threadId ? { threadId } : {}) });
    threadId = result.threadId;
    turns.push(await observe(db, tenant.id, result.runId, turn.user));
  }
  return turns;
}

/** Proposals the database holds for the tenant: an executed one needs an allow decision or an approval. */
async function storedProposalViolations(db: Database, tenant: Tenant): Promise<Violation[]> {
  const auditor: Principal = {
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    userId: '00000000-0000-0000-0000-000000000000',
    userName: 'eval-auditor',
    roles: ['approver'],
  };
  const proposals = await listProposals(db, auditor, { limit: 500 });
  const facts: StoredProposalFact[] = [];
  for (const proposal of proposals) {
    const approvals =
      proposal.status === 'executed' && proposal.decision !== 'allow'
        ? (await getProposal(db, auditor, proposal.id)).approvals.filter(
            (approval) => approval.decision === 'approve' && approval.userId !== proposal.proposer.userId,
          ).length
        : 0;
    facts.push({ id: proposal.id, tool: proposal.tool, status: proposal.status, decision: proposal.decision, approvals });
  }
  return checkStoredProposals(facts);
}

export function caseIdentity(suite: string, evalCase: EvalCase): CaseIdentity {
  return {
    suite,
    id: evalCase.id,
    ...(evalCase.title ? { title: evalCase.title } : {}),
    kind: isChatCase(evalCase) ? 'chat' : 'triage',
    tags: evalCase.tags,
    ...(evalCase.notes ? { notes: evalCase.notes } : {}),
  };
}

export async function runCase(context: CaseRunContext, suite: SuiteContext, evalCase: EvalCase): Promise<CaseRun> {
  const started = Date.now();
  const now = new Date();
  const identity = caseIdentity(suite.name, evalCase);
  let fixture: CaseFixture | undefined;
  try {
    fixture = await prepareCaseFixture(context.templates, context.config, evalCase.fixture, suite, now);
    const runs = isChatCase(evalCase) ? await chatTurns(context, fixture, evalCase) : [await triageTurn(context, fixture, evalCase, now)];
    const expectations = isChatCase(evalCase) ? evalCase.input.turns.map((turn) => turn.expect) : [evalCase.expect];
    const invariantContext = { writeTools: writeToolsOf(context.registry), foreignMarkers: fixture.foreignMarkers };
    const turns: ScoredTurn[] = runs.map((run, index) => ({
      turn: index + 1,
      input: run.input,
      expect: expectations[index]!,
      observation: run.observation,
      violations: checkInvariants(run.observation, invariantContext),
    }));
    const stored = await storedProposalViolations(fixture.db, fixture.tenant);
    return {
      result: scoreCase(identity, turns, stored, Date.now() - started),
      transcripts: runs.map((run, index) => ({ turn: index + 1, transcript: run.transcript })),
    };
  } catch (error) {
    return { result: errorCase(identity, error, Date.now() - started), transcripts: [] };
  } finally {
    await fixture?.db.close();
  }
}
