/**
 * A triage run's outcome, from what the gate did with its proposals: executed (an allowed action ran),
 * awaiting_approval (a proposal waits for a person), or handoff (nothing proposed, or everything
 * refused) with the reason the agent gave.
 */
import type { RunSummary } from '../run/run-agent.ts';
import type { RunOutcome } from '../transcripts/transcript-schema.ts';
import { HANDOFF_PREFIX } from '../models/offline/triage-answer.ts';
import { FINISH_TRIAGE, triageFinishSchema, type TriageFinish } from './finish-triage.ts';

/**
 * A line with its Markdown decoration taken off ("**Hand-off to a human:** …", "> - _Hand-off…_"),
 * so a model that formats its outcome is read the same as one that does not.
 */
function plainLine(line: string): string {
  return line
    .replace(/^[\s>#*_`~-]*(?:\d+[.)]\s*)?[\s*_`~]*/, '')
    .replace(/[*_`~]+/g, '')
    .trim();
}

const HANDOFF = new RegExp(`^${HANDOFF_PREFIX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('-', '[- ]?')}`, 'i');

function handoffLine(answer: string): string | undefined {
  return answer
    .split('\n')
    .map(plainLine)
    .find((line) => HANDOFF.test(line));
}

function handoffReason(summary: RunSummary): string {
  const line = handoffLine(summary.answer);
  if (line) return line.replace(HANDOFF, '').trim();
  const refused = summary.toolCalls.filter((call) => call.status === 'denied' || (call.status === 'failed' && call.decision !== 'allow'));
  if (refused.length) return refused.map((call) => `${call.name}: ${call.error?.message ?? call.reason ?? call.status}`).join('; ');
  if (summary.limitHit) return `the agent stopped at its ${summary.limitHit} limit without a remediation`;
  const last = summary.answer.trim().split('\n').at(-1);
  return last ? last.slice(0, 500) : 'the agent proposed no remediation';
}

/**
 * A finish_triage outcome a model wrote into its text instead of calling the tool: a fenced JSON block,
 * or the call itself printed as text (`{"name": "finish_triage", "arguments": {…}}`, as servers without
 * a tool-call parser return it). Validated by the tool's own schema; the facts still win (fromFinish).
 */
function finishInText(answer: string): TriageFinish | undefined {
  const candidates = [...answer.matchAll(/```[a-z]*[ \t]*\n?([\s\S]*?)```/gi)].map((match) => match[1]!.trim());
  const whole = answer.trim();
  if (whole.startsWith('{') && whole.endsWith('}')) candidates.push(whole);
  for (const candidate of candidates.reverse()) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch {
      continue;
    }
    const call = value as { name?: unknown; arguments?: unknown; parameters?: unknown } | null;
    const args = call && typeof call === 'object' && call.name === FINISH_TRIAGE ? (call.arguments ?? call.parameters) : value;
    const parsed = triageFinishSchema.safeParse(args);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

export function classifyTriage(summary: RunSummary): RunOutcome {
  const removedCitations = summary.removedCitations;
  const finish = summary.finish ?? finishInText(summary.answer);
  if (finish) return fromFinish(summary, finish);
  if (summary.proposals.some((proposal) => proposal.status === 'pending_approval')) {
    return {
      kind: 'awaiting_approval',
      reason: summary.proposals.map((proposal) => `${proposal.tool}: ${proposal.status}`).join('; '),
      removedCitations,
    };
  }
  // A containing action (a hold) may have run, but if the agent says a person must take over, it is a hand-off.
  if (handoffLine(summary.answer) !== undefined) {
    return { kind: 'handoff', reason: handoffReason(summary), removedCitations };
  }
  if (summary.proposals.some((proposal) => proposal.status === 'executed')) {
    return {
      kind: 'executed',
      reason: summary.proposals.map((proposal) => `${proposal.tool}: ${proposal.status}`).join('; '),
      removedCitations,
    };
  }
  return { kind: 'handoff', reason: handoffReason(summary), removedCitations };
}

/**
 * The outcome the model stated with finish_triage, checked against what happened: a proposal waiting
 * for a person is awaiting_approval, and "proposed" with nothing proposed (or everything refused) is a
 * hand-off — the facts win over the claim. "resolved" with nothing executed is handed to a person to
 * close, with the model's reason: the copilot never closes an exception on its own word.
 */
function fromFinish(summary: RunSummary, finish: TriageFinish): RunOutcome {
  const removedCitations = summary.removedCitations;
  const list = summary.proposals.map((proposal) => `${proposal.tool}: ${proposal.status}`).join('; ');
  if (summary.proposals.some((proposal) => proposal.status === 'pending_approval'))
    return { kind: 'awaiting_approval', reason: list, removedCitations };
  const executed = summary.proposals.some((proposal) => proposal.status === 'executed');
  if (finish.outcome === 'handed_off') return { kind: 'handoff', reason: finish.reason ?? finish.summary, removedCitations };
  if (executed) return { kind: 'executed', reason: list, removedCitations };
  if (finish.outcome === 'resolved')
    return { kind: 'handoff', reason: `the agent found nothing to do: ${finish.reason ?? finish.summary}`, removedCitations };
  return { kind: 'handoff', reason: `the agent reported a proposal, but none was made: ${handoffReason(summary)}`, removedCitations };
}
