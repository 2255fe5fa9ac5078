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
import { approveProposal, editProposal, getProposal, listProposals, rejectProposal, type Proposal } from '../../policies/index.ts';
import type { ToolRegistry } from '../../tools/registry.ts';
import { describeSelector, selectException } from '../fixtures/select-exception.ts';
import type { CaseResult, CheckResult } from '../report/report-schema.ts';
import { checkInvariants, checkStoredProposals, type StoredProposalFact, type Violation } from '../scoring/invariants.ts';
import { errorCase, scoreCase, type CaseIdentity, type ScoredTurn } from '../scoring/score-case.ts';
import {
  isApprovalTurn,
  isChatCase,
  type ApprovalTurn,
  type ChatCase,
  type EvalCase,
  type Expectation,
  type Scenario,
  type TriageCase,
} from '../suite/suite-schema.ts';
import { matchArguments } from '../suite/value-matchers.ts';
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
  /** 1-based position among the case's turns (approval steps count too). */
  turn: number;
  input: string;
  transcript: RunTranscript;
  observation: Observation;
  expect: Expectation;
}

/** An approval step's own check (it starts no agent run). */
interface ApprovalStep {
  turn: number;
  check: CheckResult;
}

function auditorOf(tenant: Pick<Tenant, 'id' | 'slug'>): Principal {
  return {
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    userId: '00000000-0000-0000-0000-000000000000',
    userName: 'eval-auditor',
    roles: ['approver'],
  };
}

/** The run's proposals with what the approver sees beside them: the rationale and the gate's recorded facts. */
async function withStoredProposalDetails(
  db: Database,
  tenant: Pick<Tenant, 'id' | 'slug'>,
  observation: Observation,
): Promise<Observation> {
  const auditor = auditorOf(tenant);
  const proposals = await Promise.all(
    observation.proposals.map(async (proposal) => {
      if (proposal.id.startsWith('call:')) return proposal;
      const stored = await getProposal(db, auditor, proposal.id).catch(() => undefined);
      if (!stored) return proposal;
      return {
        ...proposal,
        ...(stored.rationale ? { rationale: stored.rationale } : {}),
        evidence: stored.evidence as Record<string, unknown>,
      };
    }),
  );
  return { ...observation, proposals };
}

async function observe(
  db: Database,
  tenant: Pick<Tenant, 'id' | 'slug'>,
  runId: string,
  input: string,
  turn: number,
  expect: Expectation,
): Promise<TurnRun> {
  const transcript = await getRun(db, tenant.id, runId);
  const observation = await withStoredProposalDetails(db, tenant, observationFromTranscript(transcript));
  return { turn, input, transcript, observation, expect };
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
  return observe(db, tenant, runId, `triage ${describeSelector(evalCase.input.exception)}`, 1, evalCase.expect);
}

export async function chatPrincipal(db: Database, tenant: Tenant, evalCase: ChatCase): Promise<Principal> {
  return principalWith(db, tenant, evalCase.input.roles, evalCase.input.userName);
}

async function principalWith(db: Database, tenant: Tenant, roles: ChatCase['input']['roles'], userName: string): Promise<Principal> {
  const key = await createApiKey(db, { tenantId: tenant.id, roles, userName });
  return authenticateApiKey(db, key.key);
}

const describeApproval = (step: ApprovalTurn['approval']): string =>
  `${step.action} ${step.tool}${step.args ? ` ${JSON.stringify(step.args)}` : ''}${step.set ? ` → ${JSON.stringify(step.set)}` : ''}`;

/** The newest pending proposal of the step's tool whose arguments match, as the inbox lists them. */
async function pendingProposalFor(db: Database, tenant: Tenant, step: ApprovalTurn['approval']): Promise<Proposal | undefined> {
  const pending = await listProposals(db, auditorOf(tenant), { status: 'pending', tool: step.tool, limit: 500 });
  return pending.find((proposal) => matchArguments(step.args, proposal.args, 'subset', []).length === 0);
}

/** One approval step: a person (never the chatting user) approves, rejects or edits a pending proposal. */
async function approvalStep(context: CaseRunContext, fixture: CaseFixture, turn: ApprovalTurn, position: number): Promise<ApprovalStep> {
  const { db, tenant } = fixture;
  const step = turn.approval;
  const name = `approval (${describeApproval(step)})`;
  const fail = (diff: string[]): ApprovalStep => ({ turn: position, check: { name: 'approval', turn: position, passed: false, diff } });
  const proposal = await pendingProposalFor(db, tenant, step);
  if (!proposal) return fail([`${name}: no pending ${step.tool} proposal matches`]);
  const person = await principalWith(db, tenant, step.roles, step.person ?? `eval-reviewer-${step.roles.join('-')}`);
  let afterId = proposal.id;
  let error: string | undefined;
  try {
    if (step.action === 'approve')
      await approveProposal(db, context.registry, person, proposal.id, step.comment ? { comment: step.comment } : {});
    else if (step.action === 'reject')
      await rejectProposal(db, context.registry, person, proposal.id, { reason: step.comment ?? 'rejected in evaluation' });
    else {
      const args = { ...(proposal.args as Record<string, unknown>), ...(step.set ?? {}) };
      await editProposal(db, context.registry, person, proposal.id, { args, ...(step.comment ? { comment: step.comment } : {}) });
      const revisions = (await getProposal(db, auditorOf(tenant), proposal.id)).revisions;
      afterId = revisions[revisions.length - 1]?.id ?? proposal.id;
    }
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  const diff: string[] = [];
  if (turn.expect.error) {
    if (error === undefined) diff.push(`${name}: expected an error matching /${turn.expect.error}/, but it succeeded`);
    else if (!new RegExp(turn.expect.error, 'i').test(error))
      diff.push(`${name}: error ${JSON.stringify(error)} does not match /${turn.expect.error}/`);
  } else if (error !== undefined) diff.push(`${name}: failed: ${error}`);
  const after = await getProposal(db, auditorOf(tenant), afterId);
  if (turn.expect.status && after.status !== turn.expect.status)
    diff.push(`${name}: proposal is ${after.status}, expected ${turn.expect.status}`);
  if (turn.expect.args)
    diff.push(...matchArguments(turn.expect.args, after.args, 'subset', []).map((problem) => `${name}: args ${problem}`));
  return { turn: position, check: { name: 'approval', turn: position, passed: diff.length === 0, diff } };
}

async function chatTurns(
  context: CaseRunContext,
  fixture: CaseFixture,
  evalCase: ChatCase,
): Promise<{ runs: TurnRun[]; approvals: ApprovalStep[] }> {
  const { db, tenant } = fixture;
  const principal = await chatPrincipal(db, tenant, evalCase);
  const deps: ChatDependencies = {
    db,
    model: context.model,
    toolboxFor: (caller) => createGatedToolbox(db, context.registry, caller),
    ...(evalCase.limits ? { limits: evalCase.limits } : {}),
  };
  const runs: TurnRun[] = [];
  const approvals: ApprovalStep[] = [];
  let threadId: string | undefined;
  for (const [index, turn] of evalCase.input.turns.entries()) {
    if (isApprovalTurn(turn)) {
      approvals.push(await approvalStep(context, fixture, turn, index + 1));
      continue;
    }
    const result = await runChat(deps, principal, { message: turn.user, ...(threadId ? { threadId } : {}) });
    threadId = result.threadId;
    runs.push(await observe(db, tenant, result.runId, turn.user, index + 1, turn.expect));
  }
  return { runs, approvals };
}

/** Proposals the database holds for the tenant: an executed one needs an allow decision or an approval. */
async function storedProposalViolations(db: Database, tenant: Tenant): Promise<Violation[]> {
  const auditor = auditorOf(tenant);
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
    const { runs, approvals } = isChatCase(evalCase)
      ? await chatTurns(context, fixture, evalCase)
      : { runs: [await triageTurn(context, fixture, evalCase, now)], approvals: [] };
    const invariantContext = { writeTools: writeToolsOf(context.registry), foreignMarkers: fixture.foreignMarkers };
    const multiTurn = isChatCase(evalCase) && evalCase.input.turns.length > 1;
    const turns: ScoredTurn[] = runs.map((run) => ({
      turn: run.turn,
      input: run.input,
      expect: run.expect,
      observation: run.observation,
      violations: checkInvariants(run.observation, invariantContext),
    }));
    const stored = await storedProposalViolations(fixture.db, fixture.tenant);
    return {
      result: scoreCase(identity, turns, stored, Date.now() - started, {
        extraChecks: approvals.map((step) => step.check),
        multiTurn,
      }),
      transcripts: runs.map((run) => ({ turn: run.turn, transcript: run.transcript })),
    };
  } catch (error) {
    return { result: errorCase(identity, error, Date.now() - started), transcripts: [] };
  } finally {
    await fixture?.db.close();
  }
}
