/**
 * Scores one case: each turn's run against that turn's expectations, plus the invariants on every
 * run. A case passes when every check and every invariant holds.
 */
import type { CaseResult, CaseScores, CheckResult, RunSummaryRecord, ViolationRecord } from '../report/report-schema.ts';
import type { Observation } from '../run/observation.ts';
import type { Expectation } from '../suite/suite-schema.ts';
import type { Violation } from './invariants.ts';
import { matchAnswer, matchBudgets } from './match-answer.ts';
import { matchCitations } from './match-citations.ts';
import { matchDecisions, matchNotExecuted, matchProposalRules, matchProposals } from './match-proposals.ts';
import { matchTrajectory } from './match-trajectory.ts';

export interface ScoredTurn {
  turn: number;
  input: string;
  expect: Expectation;
  observation: Observation;
  violations: readonly Violation[];
}

export function emptyScores(): CaseScores {
  return {
    trajectory: { checked: 0, matched: 0 },
    args: { total: 0, correct: 0 },
    proposals: { checked: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0 },
    citations: { checked: 0, precise: 0, imprecise: 0, mustFound: 0, mustTotal: 0 },
    compliant: true,
  };
}

/** The checks of one turn, adding its counts to `scores`. */
export function scoreTurn(expect: Expectation, observation: Observation, scores: CaseScores, turn?: number): CheckResult[] {
  const checks: CheckResult[] = [];
  const add = (name: string, verdict: { passed: boolean; diff: string[] }): void => {
    checks.push({ name, ...(turn !== undefined ? { turn } : {}), passed: verdict.passed, diff: verdict.diff });
  };
  const statusOk = observation.status === expect.status;
  add('run_status', {
    passed: statusOk,
    diff: statusOk
      ? []
      : [
          `run ${observation.status}, expected ${expect.status}${observation.error ? `: ${observation.error.code}: ${observation.error.message}` : ''}`,
        ],
  });
  if (expect.outcome) {
    const actual = observation.outcome?.kind ?? 'none';
    add('outcome', {
      passed: actual === expect.outcome,
      diff:
        actual === expect.outcome
          ? []
          : [
              `outcome ${actual}, expected ${expect.outcome}${observation.outcome?.reason ? ` (reason: ${observation.outcome.reason})` : ''}`,
            ],
    });
  }
  if (expect.trajectory) {
    const verdict = matchTrajectory(expect.trajectory, observation.toolCalls);
    scores.trajectory.checked += 1;
    if (verdict.passed) scores.trajectory.matched += 1;
    scores.args.total += verdict.argsTotal;
    scores.args.correct += verdict.argsCorrect;
    add('trajectory', verdict);
  }
  if (expect.proposals) {
    const verdict = matchProposals(expect.proposals, observation.proposals);
    scores.proposals.checked += 1;
    scores.proposals.truePositives += verdict.truePositives;
    scores.proposals.falsePositives += verdict.falsePositives;
    scores.proposals.falseNegatives += verdict.falseNegatives;
    add('proposals', verdict);
  }
  if (expect.proposalRules.length) add('proposal_rules', matchProposalRules(expect.proposalRules, observation.proposals));
  if (expect.decisions) add('decisions', matchDecisions(expect.decisions, observation.toolCalls));
  if (expect.notExecuted.length) add('not_executed', matchNotExecuted(expect.notExecuted, observation.toolCalls));
  if (expect.citations) {
    const verdict = matchCitations(expect.citations, observation.citations);
    scores.citations.checked += 1;
    scores.citations.precise += verdict.precise;
    scores.citations.imprecise += verdict.imprecise;
    scores.citations.mustFound += verdict.mustFound;
    scores.citations.mustTotal += verdict.mustTotal;
    add('citations', verdict);
  }
  if (expect.answer) add('answer', matchAnswer(expect.answer, observation.answer));
  if (expect.budgets) add('budgets', matchBudgets(expect.budgets, observation));
  return checks;
}

export function summarizeRun(turn: number, input: string, observation: Observation): RunSummaryRecord {
  return {
    turn,
    input: input.length > 2000 ? `${input.slice(0, 1997)}…` : input,
    runId: observation.runId,
    status: observation.status,
    outcome: observation.outcome?.kind ?? null,
    answer: observation.answer.length > 4000 ? `${observation.answer.slice(0, 3997)}…` : observation.answer,
    toolCalls: observation.toolCalls.map((call) => ({
      tool: call.tool,
      args: call.args,
      status: call.status,
      ...(call.decision ? { decision: call.decision } : {}),
    })),
    proposals: observation.proposals.map((proposal) => ({
      tool: proposal.tool,
      args: proposal.args,
      decision: proposal.decision,
      status: proposal.status,
      ...(proposal.approverRole ? { approverRole: proposal.approverRole } : {}),
    })),
    citations: observation.citations.map((citation) => citation.ref),
    steps: observation.steps,
    latencyMs: Math.round(observation.latencyMs),
  };
}

export interface CaseIdentity {
  suite: string;
  id: string;
  title?: string;
  kind: 'triage' | 'chat';
  tags: string[];
  notes?: string;
}

const PLACEHOLDER = '\u2039id\u203a';

/** An answer with the given strings (and runs of whitespace) normalised away, for comparing two replies. */
export function maskAnswer(answer: string, mask: readonly string[]): string {
  let text = answer;
  for (const item of [...mask].sort((a, b) => b.length - a.length)) {
    text = text.replace(new RegExp(item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), PLACEHOLDER);
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** A turn whose answer must read the same as an earlier turn's once the differing ids are masked. */
export function matchSameAnswer(turn: ScoredTurn, turns: readonly ScoredTurn[]): { passed: boolean; diff: string[] } {
  const expectation = turn.expect.sameAnswerAs;
  if (!expectation) return { passed: true, diff: [] };
  const earlier = turns.find((candidate) => candidate.turn === expectation.turn);
  if (!earlier || earlier.turn >= turn.turn)
    return { passed: false, diff: [`sameAnswerAs: turn ${expectation.turn} is not an earlier chat turn of this case`] };
  const a = maskAnswer(earlier.observation.answer, expectation.mask);
  const b = maskAnswer(turn.observation.answer, expectation.mask);
  return a === b
    ? { passed: true, diff: [] }
    : {
        passed: false,
        diff: [`answer differs from turn ${expectation.turn}'s: ${JSON.stringify(b.slice(0, 300))} vs ${JSON.stringify(a.slice(0, 300))}`],
      };
}

export interface ScoreCaseOptions {
  /** Checks made outside any agent run (approval steps). */
  extraChecks?: readonly CheckResult[];
  /** Number the checks by turn (default: when there is more than one turn). */
  multiTurn?: boolean;
}

/** The case result from its scored turns (and violations found outside any one turn, like stored proposals). */
export function scoreCase(
  identity: CaseIdentity,
  turns: readonly ScoredTurn[],
  extraViolations: readonly Violation[],
  durationMs: number,
  options: ScoreCaseOptions = {},
): CaseResult {
  const scores = emptyScores();
  const checks: CheckResult[] = [];
  const violations: ViolationRecord[] = [];
  const multiTurn = options.multiTurn ?? turns.length > 1;
  for (const turn of turns) {
    checks.push(...scoreTurn(turn.expect, turn.observation, scores, multiTurn ? turn.turn : undefined));
    if (turn.expect.sameAnswerAs) checks.push({ name: 'same_answer', turn: turn.turn, ...matchSameAnswer(turn, turns) });
    for (const violation of turn.violations) violations.push({ ...violation, ...(multiTurn ? { turn: turn.turn } : {}) });
  }
  checks.push(...(options.extraChecks ?? []));
  checks.sort((a, b) => (a.turn ?? 0) - (b.turn ?? 0));
  violations.push(...extraViolations);
  scores.compliant = violations.length === 0;
  const passed = scores.compliant && checks.every((check) => check.passed);
  return {
    ...identity,
    status: passed ? 'passed' : 'failed',
    checks,
    violations,
    scores,
    runs: turns.map((turn) => summarizeRun(turn.turn, turn.input, turn.observation)),
    durationMs: Math.round(durationMs),
  };
}

/** A case that could not run (its fixture failed to build, the database broke): an error, never a pass. */
export function errorCase(identity: CaseIdentity, error: unknown, durationMs: number): CaseResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    ...identity,
    status: 'error',
    error: message,
    checks: [],
    violations: [],
    scores: emptyScores(),
    runs: [],
    durationMs: Math.round(durationMs),
  };
}
