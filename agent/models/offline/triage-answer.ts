/** The offline triage summary: what was found, what the runbook prescribes, what was proposed and what the gate did — or why a person must take it. */
import { describeExchange, describeWriteOutcome } from './describe-exchange.ts';
import { passageLine } from './chat-answer.ts';
import { stableKey, type PlannedCall, type PlannerContext } from './planner-types.ts';
import type { DraftRole } from './drafters/draft.ts';
import { runbookPassages, type TriageKnowledge } from './triage-knowledge.ts';

export interface TriageDecision {
  kind: 'propose' | 'handoff';
  /** Why nothing fixes the cause (handoff). */
  reason?: string;
  skipped: Array<{ action: string; reason: string }>;
  /** In order: containing holds first, then a protection (ring-fence), then the fix. A handoff may still carry a containing hold or a protection. */
  proposals: Array<PlannedCall & { role: DraftRole }>;
}

export const HANDOFF_PREFIX = 'Hand-off to a human:';

/** The runbook sections that prescribe what was proposed (or would have been), then the runbook's opening. */
function citedPassages(knowledge: TriageKnowledge, decision: TriageDecision) {
  const passages = runbookPassages(knowledge);
  const tools = [...decision.proposals.map((proposal) => proposal.name), ...decision.skipped.map((item) => item.action)];
  const prescribing = tools
    .map((tool) => passages.find((passage) => [...(passage.headingPath ?? []), passage.excerpt].join('\n').includes(tool)))
    .filter((passage): passage is NonNullable<typeof passage> => passage !== undefined);
  return [...new Set([...prescribing, ...passages])].slice(0, 2);
}

export function writeTriageAnswer(context: PlannerContext, knowledge: TriageKnowledge, decision: TriageDecision): string {
  const exchanges = context.conversation.exchanges;
  const title = typeof knowledge.exception.title === 'string' ? ` ${knowledge.exception.title}` : '';
  const lines: string[] = [
    `Exception ${String(knowledge.exception.id)} (${knowledge.type}):${title} [tool:get_exception:${String(knowledge.exception.id)}]`,
  ];
  for (const exchange of exchanges) {
    if (exchange.name === 'search_runbooks' || exchange.name === 'get_exception' || context.tools.get(exchange.name)?.kind === 'write')
      continue;
    const line = describeExchange(exchange);
    if (line) lines.push(line);
  }
  for (const passage of citedPassages(knowledge, decision)) lines.push(passageLine(passage));
  const actions = knowledge.runbook?.actions;
  if (knowledge.runbook && actions?.length)
    lines.push(`Its remediations, in order of preference: ${actions.join(', ')}. [${knowledge.runbook.ref}]`);
  for (const item of decision.skipped) lines.push(`Not ${item.action}: ${item.reason}.`);

  let blocked: string | undefined;
  for (const proposal of decision.proposals) {
    const exchange = exchanges.find((candidate) => stableKey(candidate.name, candidate.args) === stableKey(proposal.name, proposal.args));
    if (!exchange) continue;
    if (proposal.rationale)
      lines.push(
        `${proposal.role === 'contain' ? 'Containment' : proposal.role === 'protect' ? 'Protection' : 'Remediation'}: ${proposal.rationale}`,
      );
    const status = describeWriteOutcome(exchange);
    if (status) lines.push(status);
    const outcome = exchange.outcome;
    if (proposal.role === 'fix' && (outcome?.status === 'denied' || outcome?.status === 'failed')) {
      blocked = `${proposal.name} could not go ahead (${outcome.error?.message ?? outcome.reason})`;
    }
  }
  if (decision.kind === 'handoff') lines.push(`${HANDOFF_PREFIX} ${decision.reason ?? 'no remediation fits the data'}.`);
  else if (blocked) lines.push(`${HANDOFF_PREFIX} ${blocked}.`);
  return lines.join('\n');
}
