/**
 * Drift between a reference run and its replay: the tool trajectory (calls and arguments, in order),
 * the proposals, the gate's decisions on writes, the citations, and the outcome. Ids and timestamps
 * that are new in every run (exception and proposal ids, dates) are normalised before comparing.
 */
import type { Observation } from '../run/observation.ts';

export interface Drift {
  status: string[];
  trajectory: string[];
  proposals: string[];
  decisions: string[];
  citations: string[];
  outcome: string[];
}

export const DRIFT_ASPECTS = ['status', 'trajectory', 'proposals', 'decisions', 'citations', 'outcome'] as const;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g;

export function normalize(text: string): string {
  return text.replace(UUID, '<id>').replace(ISO_TIME, '<time>');
}

/** Stable JSON (sorted keys) with run-specific ids and times normalised. */
export function canonical(value: unknown): string {
  const sort = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sort);
    if (item && typeof item === 'object')
      return Object.fromEntries(
        Object.keys(item)
          .sort()
          .map((key) => [key, sort((item as Record<string, unknown>)[key])]),
      );
    return item;
  };
  return normalize(JSON.stringify(sort(value ?? null)));
}

/** Line diff of two sequences (longest common subsequence): "- " only in the reference, "+ " only in the replay. */
export function sequenceDiff(reference: readonly string[], replayed: readonly string[]): string[] {
  const rows = reference.length;
  const cols = replayed.length;
  const lcs = Array.from({ length: rows + 1 }, () => new Array<number>(cols + 1).fill(0));
  for (let i = rows - 1; i >= 0; i -= 1) {
    for (let j = cols - 1; j >= 0; j -= 1)
      lcs[i]![j] = reference[i] === replayed[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < rows || j < cols) {
    if (i < rows && j < cols && reference[i] === replayed[j]) {
      i += 1;
      j += 1;
    } else if (i < rows && (j === cols || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) lines.push(`- ${reference[i++]}`);
    else lines.push(`+ ${replayed[j++]}`);
  }
  return lines;
}

/** Multiset difference, order ignored. */
function setDiff(reference: readonly string[], replayed: readonly string[]): string[] {
  const remaining = [...replayed];
  const lines: string[] = [];
  for (const item of reference) {
    const index = remaining.indexOf(item);
    if (index >= 0) remaining.splice(index, 1);
    else lines.push(`- ${item}`);
  }
  return [...lines, ...remaining.map((item) => `+ ${item}`)];
}

export function computeDrift(reference: Observation, replayed: Observation): Drift {
  const calls = (run: Observation) => run.toolCalls.map((call) => `${call.tool} ${canonical(call.args)}`);
  const proposals = (run: Observation) =>
    run.proposals.map(
      (proposal) =>
        `${proposal.tool} ${canonical(proposal.args)} → ${proposal.decision} (${proposal.status}${proposal.approverRole ? `, ${proposal.approverRole}` : ''})`,
    );
  const decisions = (run: Observation) =>
    run.toolCalls
      .filter((call) => call.status !== 'ok')
      .map((call) => `${call.tool} → ${call.decision ?? 'none'} [${call.status}]${call.rule ? ` rule ${call.rule}` : ''}`);
  const citations = (run: Observation) => [...new Set(run.citations.map((citation) => normalize(citation.ref)))].sort();
  const outcome = (run: Observation) => run.outcome?.kind ?? 'none';
  return {
    status:
      reference.status === replayed.status
        ? []
        : [`- ${reference.status}`, `+ ${replayed.status}${replayed.error ? ` (${replayed.error.code}: ${replayed.error.message})` : ''}`],
    trajectory: sequenceDiff(calls(reference), calls(replayed)),
    proposals: setDiff(proposals(reference), proposals(replayed)),
    decisions: sequenceDiff(decisions(reference), decisions(replayed)),
    citations: setDiff(citations(reference), citations(replayed)),
    outcome: outcome(reference) === outcome(replayed) ? [] : [`- ${outcome(reference)}`, `+ ${outcome(replayed)}`],
  };
}

export const hasDrift = (drift: Drift): boolean => DRIFT_ASPECTS.some((aspect) => drift[aspect].length > 0);
