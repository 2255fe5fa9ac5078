/** The offline triage summary: what was found, what the runbook prescribes, what was proposed and what the gate did — or why a human must take it. */
import { describeExchange, describeWriteOutcome } from './describe-exchange.ts';
import { passageLine } from './chat-answer.ts';
import { stableKey, type PlannedCall, type PlannerContext } from './planner-types.ts';
import { runbookPassages, type TriageKnowledge } from './triage-knowledge.ts';

export type TriageDecision =
  | { kind: 'propose'; call: PlannedCall; skipped: Array<{ action: string; reason: string }> }
  | { kind: 'handoff'; reason: string; skipped: Array<{ action: string; reason: string }> };

export const HANDOFF_PREFIX = 'Hand-off to a human:';

export function writeTriageAnswer(context: PlannerContext, knowledge: TriageKnowledge, decision: TriageDecision): string {
  const exchanges = context.conversation.exchanges;
  const lines: string[] = [`Exception ${String(knowledge.exception.id)} (${knowledge.type}).`];
  for (const exchange of exchanges) {
    if (exchange.name === 'search_runbooks' || context.tools.get(exchange.name)?.kind === 'write') continue;
    const line = describeExchange(exchange);
    if (line) lines.push(line);
  }
  const cited = runbookPassages(knowledge).slice(0, 2);
  for (const passage of cited) lines.push(passageLine(passage));
  if (knowledge.runbook?.actions?.length) {
    lines.push(`The runbook's remediations, in order of preference: ${knowledge.runbook.actions.join(', ')}. [${knowledge.runbook.ref}]`);
  }
  for (const item of decision.skipped) lines.push(`Not ${item.action}: ${item.reason}.`);

  if (decision.kind === 'propose') {
    const exchange = exchanges.find((candidate) => stableKey(candidate.name, candidate.args) === stableKey(decision.call.name, decision.call.args));
    if (decision.call.rationale) lines.push(`Remediation: ${decision.call.rationale}`);
    const status = exchange ? describeWriteOutcome(exchange) : undefined;
    if (status) lines.push(status);
    if (exchange?.outcome?.status === 'denied' || exchange?.outcome?.status === 'failed') {
      lines.push(`${HANDOFF_PREFIX} ${decision.call.name} could not go ahead (${exchange.outcome.error?.message ?? exchange.outcome.reason}).`);
    }
  } else {
    lines.push(`${HANDOFF_PREFIX} ${decision.reason}.`);
  }
  return lines.join('\n');
}
