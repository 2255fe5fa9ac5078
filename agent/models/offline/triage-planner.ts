/**
 * The offline triage planner. Step by step: read the exception, read the entities it names, retrieve
 * the runbook for its type, then walk the runbook's `actions` in preference order and propose the
 * first one the data supports with concrete arguments — or hand off with the reasons none fit.
 */
import type { TriageSubject } from '../../triage/triage-message.ts';
import { fillArguments } from './fill-arguments.ts';
import { newCalls, stableKey, type PlannedCall, type PlannerContext, type PlanStep } from './planner-types.ts';
import { DRAFTERS } from './remediation-drafters.ts';
import { buildTriageKnowledge, type TriageKnowledge } from './triage-knowledge.ts';
import { writeTriageAnswer, type TriageDecision } from './triage-answer.ts';

function call(context: PlannerContext, name: string, sources: Parameters<typeof fillArguments>[1]): PlannedCall | undefined {
  const tool = context.tools.get(name);
  if (!tool) return undefined;
  const filled = fillArguments(tool.parameters, sources);
  return filled.ok ? { name, args: filled.args } : undefined;
}

function gatherCalls(context: PlannerContext, subject: TriageSubject, knowledge: TriageKnowledge): PlannedCall[] {
  const wanted: Array<PlannedCall | undefined> = [call(context, 'get_exception', { exception: subject.id })];
  if (knowledge.orderRef) wanted.push(call(context, 'get_order', { order: knowledge.orderRef }));
  if (knowledge.sku) wanted.push(call(context, 'get_inventory', { sku: knowledge.sku }));
  if (knowledge.shipmentRef || knowledge.type === 'shipment_delayed') {
    wanted.push(call(context, 'get_shipment', { shipment: knowledge.shipmentRef, order: knowledge.orderRef }));
  }
  if (knowledge.returnRef) wanted.push(call(context, 'get_return', { return: knowledge.returnRef }));
  if (knowledge.customerRef && ['credit_hold', 'invoice_mismatch', 'payment_mismatch'].includes(knowledge.type)) {
    wanted.push(call(context, 'get_customer', { customer: knowledge.customerRef }));
  }
  const summary = String(knowledge.exception.summary ?? knowledge.exception.title ?? knowledge.exception.message ?? '').slice(0, 160);
  wanted.push(call(context, 'search_runbooks', { query: `${knowledge.type.replace(/_/g, ' ')} ${summary}`.trim(), exceptionType: knowledge.type }));
  return wanted.filter((item): item is PlannedCall => item !== undefined);
}

export function planTriageStep(context: PlannerContext, subject: TriageSubject, now = new Date()): PlanStep {
  const exchanges = context.conversation.exchanges;
  const knowledge = buildTriageKnowledge(subject, exchanges, now);

  const gathering = newCalls(exchanges, gatherCalls(context, subject, knowledge));
  if (gathering.length) return { kind: 'calls', calls: gathering };

  const decision = decide(context, knowledge);
  if (decision.kind === 'propose') {
    const fresh = newCalls(exchanges, [decision.call]);
    if (fresh.length) return { kind: 'calls', calls: fresh };
  }
  return { kind: 'answer', text: writeTriageAnswer(context, knowledge, decision) };
}

/**
 * Walks the runbook's actions. An action already tried in this run that the gate or the tool refused
 * (validation, precondition) is skipped with that reason, so the next preference gets its turn.
 */
function decide(context: PlannerContext, knowledge: TriageKnowledge): TriageDecision {
  if (!knowledge.runbook) {
    return { kind: 'handoff', reason: `no runbook in the knowledge base applies to ${knowledge.type}`, skipped: [] };
  }
  const actions = knowledge.runbook.actions ?? [];
  if (!actions.length) return { kind: 'handoff', reason: `runbook ${knowledge.runbook.ref} prescribes no tool action`, skipped: [] };
  const skipped: Array<{ action: string; reason: string }> = [];
  const exchanges = context.conversation.exchanges;
  for (const action of actions) {
    const tool = context.tools.get(action);
    if (!tool) {
      skipped.push({ action, reason: 'not available to the triage agent' });
      continue;
    }
    const drafter = DRAFTERS[action];
    if (!drafter) {
      skipped.push({ action, reason: 'needs human judgement' });
      continue;
    }
    const draft = drafter(knowledge);
    if (!draft.ok) {
      skipped.push({ action, reason: draft.reason });
      continue;
    }
    const filled = fillArguments(tool.parameters, draft.sources);
    if (!filled.ok) {
      skipped.push({ action, reason: `missing ${filled.missing.join(', ')}` });
      continue;
    }
    const planned: PlannedCall = { name: action, args: filled.args, rationale: draft.rationale };
    const earlier = exchanges.find((exchange) => stableKey(exchange.name, exchange.args) === stableKey(action, filled.args));
    if (earlier?.outcome && earlier.outcome.status === 'failed') {
      skipped.push({ action, reason: earlier.outcome.error?.message ?? earlier.outcome.reason });
      continue;
    }
    return { kind: 'propose', call: planned, skipped };
  }
  return { kind: 'handoff', reason: skipped.map((item) => `${item.action}: ${item.reason}`).join('; '), skipped };
}
