/**
 * The offline triage planner. Step by step: read the exception, the entities it names and the
 * runbooks for its type; follow what those results point at (the order holding stock at a short
 * location, the original of a duplicate); then walk the governing runbook's remediations in order of
 * preference and propose what the data supports — a containing hold where the runbook says so, and
 * the first remediation that fixes the cause — or hand off with the reasons nothing fits.
 */
import type { RunbookContext } from '../../triage/runbook-context.ts';
import type { TriageSubject } from '../../triage/triage-message.ts';
import { fillArguments, type ArgumentSources } from './fill-arguments.ts';
import { newCalls, stableKey, type PlannedCall, type PlannerContext, type PlanStep } from './planner-types.ts';
import { DRAFTERS, type Draft } from './remediation-drafters.ts';
import { tenantRefusal, tenantTolerance } from './tenant-rules.ts';
import { isRecord, lastResultOf } from './result-reading.ts';
import { buildTriageKnowledge, evidenceOf, runbookActions, type TriageKnowledge } from './triage-knowledge.ts';
import { writeTriageAnswer, type TriageDecision } from './triage-answer.ts';

function call(context: PlannerContext, name: string, sources: ArgumentSources): PlannedCall | undefined {
  const tool = context.tools.get(name);
  if (!tool) return undefined;
  const filled = fillArguments(tool.parameters, sources);
  return filled.ok ? { name, args: filled.args } : undefined;
}

const defined = (calls: Array<PlannedCall | undefined>): PlannedCall[] => calls.filter((item): item is PlannedCall => item !== undefined);

/** First step: everything the exception names, plus the runbooks for its type. */
function firstReads(context: PlannerContext, subject: TriageSubject, knowledge: TriageKnowledge, haveRunbook: boolean): PlannedCall[] {
  const summary = String(knowledge.exception.title ?? knowledge.exception.summary ?? '').slice(0, 200);
  return defined([
    call(context, 'get_exception', { exception: subject.id }),
    knowledge.orderRef ? call(context, 'get_order', { order: knowledge.orderRef }) : undefined,
    knowledge.originalOrderRef ? call(context, 'get_order', { order: knowledge.originalOrderRef }) : undefined,
    knowledge.sku ? call(context, 'get_inventory', { sku: knowledge.sku }) : undefined,
    knowledge.shipmentRef ? call(context, 'get_shipment', { shipment: knowledge.shipmentRef }) : undefined,
    knowledge.returnRef ? call(context, 'get_return', { return: knowledge.returnRef }) : undefined,
    knowledge.customerRef && ['credit_hold', 'invoice_mismatch'].includes(knowledge.type)
      ? call(context, 'get_customer', { customer: knowledge.customerRef })
      : undefined,
    // Manual ERP retries are counted from the order's events (the runbook allows three).
    knowledge.orderRef && knowledge.type === 'erp_sync_failed' ? call(context, 'order_timeline', { order: knowledge.orderRef }) : undefined,
    // Without a runbook retrieved for the run, the agent searches for one itself.
    haveRunbook
      ? undefined
      : call(context, 'search_runbooks', {
          query: `${knowledge.type.replace(/_/g, ' ')} remediation: ${summary}`,
          exceptionType: knowledge.type,
          explicit: { docType: 'runbook', limit: 10 },
        }),
  ]);
}

/**
 * Second hop for a stock conflict, which names no order: at a location, the order holding stock
 * there (its reservation); across the network, the oldest open order with the SKU.
 */
function followUps(context: PlannerContext, knowledge: TriageKnowledge): PlannedCall[] {
  // An order at risk of shipping late: where else its line's SKU is in stock (for a move to a faster location).
  if (knowledge.type === 'late_shipment_risk' && knowledge.order && knowledge.sku && !knowledge.inventory)
    return defined([call(context, 'get_inventory', { sku: knowledge.sku })]);
  // A shortage at a location (now, or predicted) names no order: find the one whose stock would move.
  if (!['stock_conflict', 'stockout_risk'].includes(knowledge.type) || knowledge.orderRef || !knowledge.inventory) return [];
  if (knowledge.locationRef) {
    const reservations = Array.isArray(knowledge.inventory.reservations) ? knowledge.inventory.reservations.filter(isRecord) : [];
    const atShort = reservations.find((reservation) => reservation.locationCode === knowledge.locationRef);
    return typeof atShort?.orderNumber === 'string' ? defined([call(context, 'get_order', { order: atShort.orderNumber })]) : [];
  }
  const found = lastResultOf(context.conversation.exchanges, 'search_orders');
  if (found === undefined)
    return knowledge.sku ? defined([call(context, 'search_orders', { sku: knowledge.sku, explicit: { sku: knowledge.sku } })]) : [];
  const orders = isRecord(found) && Array.isArray(found.orders) ? found.orders.filter(isRecord) : [];
  const oldestFirst = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
    String(a.placedAt ?? '').localeCompare(String(b.placedAt ?? ''));
  const waiting = WAITING_STATUSES.flatMap((status) => orders.filter((order) => order.status === status).sort(oldestFirst))[0];
  return typeof waiting?.orderNumber === 'string' ? defined([call(context, 'get_order', { order: waiting.orderNumber })]) : [];
}

// Orders that wait for stock, the ones that can be helped first.
const WAITING_STATUSES = ['backordered', 'validated', 'captured', 'reserved', 'released'];

/**
 * Runbook text: reallocating to a location with stock beats any notice to the customer, so it is tried
 * before the first notice wherever prescribed; otherwise the runbook's own order stands (a predicted
 * stockout is reordered first, rebalanced where no reorder fits).
 */
function inPreferenceOrder(actions: readonly string[]): string[] {
  const notice = actions.indexOf('send_backorder_notice');
  const move = actions.indexOf('reallocate_order_line');
  if (notice < 0 || move < 0 || move < notice) return [...actions];
  const rest = actions.filter((action) => action !== 'reallocate_order_line');
  rest.splice(rest.indexOf('send_backorder_notice'), 0, 'reallocate_order_line');
  return rest;
}

function decide(context: PlannerContext, knowledge: TriageKnowledge): TriageDecision {
  const skipped: TriageDecision['skipped'] = [];
  if (!knowledge.runbook) {
    const reason = knowledge.searched ? `no runbook found that applies to ${knowledge.type}` : 'the runbooks could not be searched';
    return { kind: 'handoff', reason, skipped, proposals: [] };
  }
  const actions = inPreferenceOrder(runbookActions(knowledge, new Set(context.tools.keys())));
  if (!actions.length)
    return { kind: 'handoff', reason: `runbook ${knowledge.runbook.ref} prescribes no tool remediation`, skipped, proposals: [] };

  // The tenant's own terms come first: a mismatch inside its tolerance is written off, not worked.
  const subject = { invoice_mismatch: /invoice/i, payment_mismatch: /payment|capture/i }[
    knowledge.type as 'invoice_mismatch' | 'payment_mismatch'
  ];
  const tolerance = subject ? tenantTolerance(knowledge.tenantPassages, subject) : undefined;
  const mismatch = evidenceOf(knowledge, 'invoice_mismatch') ?? evidenceOf(knowledge, 'payment_mismatch');
  const difference = mismatch ? Math.abs(mismatch.difference) : undefined;
  if (tolerance && difference !== undefined && difference <= tolerance.amount) {
    return {
      kind: 'handoff',
      reason: `the difference of ${difference.toFixed(2)} is within the tenant's tolerance of ${tolerance.amount.toFixed(2)} ("${tolerance.sentence}" [${tolerance.ref}]): write it off, no remediation`,
      skipped,
      proposals: [],
    };
  }

  // Walk every remediation: the first that fixes the cause is proposed, and one containing hold wherever
  // the runbook lists it; containment goes first so it lands before the fix it protects. One protection
  // (a ring-fence for a key channel) goes alongside them.
  let containment: TriageDecision['proposals'][number] | undefined;
  let protection: TriageDecision['proposals'][number] | undefined;
  let fix: TriageDecision['proposals'] = [];
  for (const action of actions) {
    const tool = context.tools.get(action);
    const drafter = DRAFTERS[action];
    if (!tool || !drafter) {
      skipped.push({ action, reason: tool ? 'needs human judgement' : 'not available to the triage agent' });
      continue;
    }
    const refusal = tenantRefusal(knowledge.tenantPassages, action, knowledge.customerRef);
    if (refusal) {
      skipped.push({ action, reason: `the tenant's own rule says so ("${refusal.sentence}" [${refusal.ref}])` });
      continue;
    }
    const drafts = ([] as Draft[]).concat(drafter(knowledge));
    const accepted: TriageDecision['proposals'] = [];
    for (const draft of drafts) {
      if (!draft.ok) {
        // Once the cause has its fix, later alternatives that do not fit are not worth a line.
        if (!fix.length) skipped.push({ action, reason: draft.reason });
        continue;
      }
      if ((draft.role === 'contain' && containment) || (draft.role === 'protect' && protection) || (draft.role === 'fix' && fix.length))
        continue;
      const filled = fillArguments(tool.parameters, draft.sources);
      if (!filled.ok) {
        skipped.push({ action, reason: `missing ${filled.missing.join(', ')}` });
        continue;
      }
      accepted.push({ name: action, args: filled.args, rationale: draft.rationale, role: draft.role });
    }
    containment ??= accepted.find((proposal) => proposal.role === 'contain');
    protection ??= accepted.find((proposal) => proposal.role === 'protect');
    if (!fix.length) fix = accepted.filter((proposal) => proposal.role === 'fix');
  }
  const proposals: TriageDecision['proposals'] = [...(containment ? [containment] : []), ...(protection ? [protection] : []), ...fix];
  if (!proposals.some((proposal) => proposal.role === 'fix')) {
    const reason = skipped.length ? skipped.map((item) => `${item.action}: ${item.reason}`).join('; ') : 'no remediation fits the data';
    return { kind: 'handoff', reason, skipped, proposals };
  }
  return { kind: 'propose', skipped, proposals };
}

export function planTriageStep(
  context: PlannerContext,
  subject: TriageSubject,
  runbook: RunbookContext | undefined,
  now = new Date(),
): PlanStep {
  const exchanges = context.conversation.exchanges;
  const knowledge = buildTriageKnowledge(subject, exchanges, now, runbook);

  const reading = newCalls(exchanges, [
    ...firstReads(context, subject, knowledge, runbook !== undefined),
    ...followUps(context, knowledge),
  ]);
  if (reading.length) return { kind: 'calls', calls: reading };

  const decision = decide(context, knowledge);
  // One write per step, in order: a containing hold lands before the fix it protects.
  for (const proposal of decision.proposals) {
    const earlier = exchanges.find((exchange) => stableKey(exchange.name, exchange.args) === stableKey(proposal.name, proposal.args));
    if (!earlier) return { kind: 'calls', calls: [proposal] };
    if (earlier.outcome?.status === 'failed' || earlier.outcome?.status === 'denied') break;
  }
  return { kind: 'answer', text: writeTriageAnswer(context, knowledge, decision) };
}
