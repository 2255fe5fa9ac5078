/**
 * Proposals and policy decisions: which actions the run proposed (tool, arguments, the gate's
 * decision, status, approver role) against what the case expects, with precision/recall counts;
 * and the decisions the gate took on write calls.
 */
import type { ObservedCall, ObservedProposal } from '../run/observation.ts';
import type { DecisionMatcher, ProposalMatcher, ProposalRule, ProposalsExpectation } from '../suite/suite-schema.ts';
import { matchArguments } from '../suite/value-matchers.ts';
import { maximumMatching } from './bipartite.ts';
import { describeCall } from './match-trajectory.ts';

export interface ProposalVerdict {
  passed: boolean;
  diff: string[];
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

function proposalMismatches(matcher: ProposalMatcher, proposal: ObservedProposal): string[] {
  if (matcher.tool !== proposal.tool) return [`tool: expected ${matcher.tool}, got ${proposal.tool}`];
  const problems = matchArguments(matcher.args, proposal.args, matcher.match ?? 'subset', matcher.ignore);
  if (matcher.decision && matcher.decision !== proposal.decision)
    problems.push(`decision: expected ${matcher.decision}, got ${proposal.decision}`);
  if (matcher.status && matcher.status !== proposal.status) problems.push(`status: expected ${matcher.status}, got ${proposal.status}`);
  if (matcher.approverRole && matcher.approverRole !== proposal.approverRole)
    problems.push(`approverRole: expected ${matcher.approverRole}, got ${proposal.approverRole ?? 'none'}`);
  if (matcher.evidence)
    problems.push(...matchArguments(matcher.evidence, proposal.evidence ?? {}, 'subset', []).map((p) => `evidence ${p}`));
  if (matcher.rationale && !new RegExp(matcher.rationale, 'i').test(proposal.rationale ?? ''))
    problems.push(`rationale: ${JSON.stringify(proposal.rationale ?? '')} does not match /${matcher.rationale}/`);
  return problems;
}

/** Every proposal of a rule's tool satisfies the rule (a rule on a tool nobody proposed holds trivially). */
export function matchProposalRules(
  rules: readonly ProposalRule[],
  proposals: readonly ObservedProposal[],
): { passed: boolean; diff: string[] } {
  const diff: string[] = [];
  for (const rule of rules) {
    for (const proposal of proposals.filter((candidate) => candidate.tool === rule.tool)) {
      const problems = matchArguments(rule.args, proposal.args, 'subset', []);
      if (rule.status && !rule.status.includes(proposal.status))
        problems.push(`status ${proposal.status} not one of ${rule.status.join(', ')}`);
      if (rule.decision && !rule.decision.includes(proposal.decision))
        problems.push(`decision ${proposal.decision} not one of ${rule.decision.join(', ')}`);
      if (rule.rationale && !new RegExp(rule.rationale, 'i').test(proposal.rationale ?? ''))
        problems.push(`rationale ${JSON.stringify(proposal.rationale ?? '')} does not match /${rule.rationale}/`);
      if (problems.length) diff.push(`proposal ${describeCall(proposal)} breaks the rule for ${rule.tool}: ${problems.join('; ')}`);
    }
  }
  return { passed: diff.length === 0, diff };
}

const describeMatcher = (matcher: ProposalMatcher): string =>
  [
    matcher.tool,
    matcher.args ? JSON.stringify(matcher.args) : '',
    matcher.decision ? `→ ${matcher.decision}` : '',
    matcher.approverRole ? `(${matcher.approverRole})` : '',
  ]
    .filter(Boolean)
    .join(' ');

export function matchProposals(expected: ProposalsExpectation, proposals: readonly ObservedProposal[]): ProposalVerdict {
  const items = expected.items;
  const pairs = maximumMatching(items.length, proposals.length, (e, o) => proposalMismatches(items[e]!, proposals[o]!).length === 0);
  const paired = new Set(pairs.values());
  const diff: string[] = [];
  items.forEach((matcher, index) => {
    if (pairs.has(index)) return;
    const sameTool = proposals.filter((proposal) => proposal.tool === matcher.tool);
    const why = sameTool.length
      ? `closest: ${
          sameTool
            .map((proposal) => proposalMismatches(matcher, proposal))
            .sort((a, b) => a.length - b.length)[0]!
            .join('; ') || 'already paired'
        }`
      : 'not proposed';
    diff.push(`missing proposal: ${describeMatcher(matcher)} — ${why}`);
  });
  const extras = proposals.filter((_, index) => !paired.has(index));
  if (expected.mode === 'exact') {
    for (const proposal of extras) diff.push(`unexpected proposal: ${describeCall(proposal)} → ${proposal.decision} (${proposal.status})`);
  }
  return {
    passed: diff.length === 0,
    diff,
    truePositives: pairs.size,
    falsePositives: expected.mode === 'exact' ? extras.length : 0,
    falseNegatives: items.length - pairs.size,
  };
}

function decisionMismatches(matcher: DecisionMatcher, call: ObservedCall): string[] {
  if (matcher.tool !== call.tool) return [`tool: expected ${matcher.tool}, got ${call.tool}`];
  const problems = matchArguments(matcher.args, call.args, matcher.match ?? 'subset', matcher.ignore);
  if (matcher.decision !== call.decision)
    problems.push(`decision: expected ${matcher.decision}, got ${call.decision ?? `none (status ${call.status})`}`);
  if (matcher.approverRole && matcher.approverRole !== call.approverRole)
    problems.push(`approverRole: expected ${matcher.approverRole}, got ${call.approverRole ?? 'none'}`);
  if (matcher.rule && matcher.rule !== call.rule) problems.push(`rule: expected ${matcher.rule}, got ${call.rule ?? 'none'}`);
  return problems;
}

/** Every expected decision must have been taken on some call of that tool. */
export function matchDecisions(expected: readonly DecisionMatcher[], calls: readonly ObservedCall[]): { passed: boolean; diff: string[] } {
  const pairs = maximumMatching(expected.length, calls.length, (e, o) => decisionMismatches(expected[e]!, calls[o]!).length === 0);
  const diff: string[] = [];
  expected.forEach((matcher, index) => {
    if (pairs.has(index)) return;
    const sameTool = calls.filter((call) => call.tool === matcher.tool);
    const why = sameTool.length
      ? sameTool
          .map((call) => decisionMismatches(matcher, call))
          .sort((a, b) => a.length - b.length)[0]!
          .join('; ')
      : `${matcher.tool} was never called`;
    diff.push(
      `missing decision: ${matcher.tool} → ${matcher.decision}${matcher.approverRole ? ` (${matcher.approverRole})` : ''} — ${why}`,
    );
  });
  return { passed: diff.length === 0, diff };
}

/** Tools that must not have run in this run. */
export function matchNotExecuted(tools: readonly string[], calls: readonly ObservedCall[]): { passed: boolean; diff: string[] } {
  const diff = calls
    .filter((call) => tools.includes(call.tool) && call.status === 'executed')
    .map(
      (call) => `executed although it must not be: ${describeCall(call)} (${call.decision ?? 'no decision'}, rule ${call.rule ?? 'none'})`,
    );
  return { passed: diff.length === 0, diff };
}
