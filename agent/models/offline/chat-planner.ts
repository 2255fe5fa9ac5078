/**
 * The offline chat planner: from the rep's message (and earlier turns for "it", "its shipment"), picks
 * read tools to gather facts, runbook search for procedures, a write tool for explicit requests, and
 * finally writes an answer from the results. Deterministic keyword heuristics, not language understanding.
 */
import { ACTION_INTENTS, detectIntents, isOperationsTopic } from './intents.ts';
import { extractEntities, hasAnyEntity, mergeEntities, refersBack, emptyEntities, type Entities } from './entities.ts';
import { fillArguments, type ArgumentSources } from './fill-arguments.ts';
import { newCalls, type PlannedCall, type PlannerContext, type PlanStep } from './planner-types.ts';
import { findValues, firstString, resultsOf } from './result-reading.ts';
import { writeChatAnswer } from './chat-answer.ts';

/** Entities from earlier turns, most recent mention first per kind. */
export function entitiesFromHistory(history: PlannerContext['conversation']['history']): Entities {
  const found = emptyEntities();
  for (const turn of [...history].reverse()) {
    const entities = extractEntities(turn.content);
    for (const key of Object.keys(found) as Array<keyof Entities>) {
      if (!(found[key] as unknown[]).length && (entities[key] as unknown[]).length) (found[key] as unknown[]) = entities[key] as unknown[];
    }
  }
  return found;
}

function call(context: PlannerContext, name: string, sources: ArgumentSources, rationale?: string): PlannedCall | undefined {
  const tool = context.tools.get(name);
  if (!tool) return undefined;
  const filled = fillArguments(tool.parameters, sources);
  return filled.ok ? { name, args: filled.args, ...(rationale ? { rationale } : {}) } : undefined;
}

export function otherTenantMentioned(context: PlannerContext, entities: Entities): string | undefined {
  const own = [context.tenant.slug, context.tenant.name].filter(Boolean).map((value) => value!.toLowerCase());
  if (!own.length) return undefined;
  return entities.tenants.find((tenant) => !own.some((name) => name === tenant || name.startsWith(`${tenant} `) || name.split(/\s+/)[0] === tenant));
}

export function planChatStep(context: PlannerContext): PlanStep {
  const { conversation } = context;
  const text = conversation.input;
  const own = extractEntities(text);
  const prior = entitiesFromHistory(conversation.history);
  const usesHistory = !hasAnyEntity(own) || refersBack(text);
  const entities = usesHistory ? mergeEntities(own, prior) : own;
  const intents = detectIntents(text);

  const foreignTenant = otherTenantMentioned(context, own);
  if (foreignTenant) {
    return { kind: 'answer', text: writeChatAnswer(context, entities, { declined: 'cross_tenant', detail: foreignTenant }) };
  }
  if (intents.smallTalk && !hasAnyEntity(own)) return { kind: 'answer', text: writeChatAnswer(context, entities, { declined: 'small_talk' }) };
  if (!isOperationsTopic(text) && !hasAnyEntity(own) && !(refersBack(text) && hasAnyEntity(prior))) {
    return { kind: 'answer', text: writeChatAnswer(context, entities, { declined: 'out_of_scope' }) };
  }

  const exchanges = conversation.exchanges;
  const order = entities.orders[0];
  const sku = entities.skus[0];
  const wanted: Array<PlannedCall | undefined> = [];
  const reads = new Set(intents.reads);
  const onlyEntity = !intents.reads.length && !intents.action;
  const whyQuestion = /\b(why|stuck|blocked|wrong|late|what happened|problem|issue)\b/i.test(text);

  if (order) {
    const shipmentOnly = reads.has('shipment') && reads.size === 1 && !intents.action;
    if (!shipmentOnly) {
      wanted.push(call(context, 'get_order', { order }));
    }
    if (reads.has('shipment')) wanted.push(call(context, 'get_shipment', { order, shipment: entities.shipments[0] }));
    if (reads.has('timeline') || whyQuestion) wanted.push(call(context, 'order_timeline', { order }));
    if (whyQuestion) wanted.push(call(context, 'list_exceptions', { order, explicit: { status: 'open' } }) ?? call(context, 'list_exceptions', { order }));
    if (reads.has('return')) wanted.push(call(context, 'get_return', { order, return: entities.returns[0] }));
  } else if (entities.shipments[0] && reads.has('shipment')) {
    wanted.push(call(context, 'get_shipment', { shipment: entities.shipments[0] }));
  }
  if (entities.returns[0] && !order) wanted.push(call(context, 'get_return', { return: entities.returns[0] }));
  if (sku && (reads.has('inventory') || onlyEntity || intents.action)) wanted.push(call(context, 'get_inventory', { sku }));
  if (entities.customers[0]) wanted.push(call(context, 'get_customer', { customer: entities.customers[0] }));
  for (const exception of entities.exceptions.slice(0, 3)) wanted.push(call(context, 'get_exception', { exception }));
  if (reads.has('exceptions') && !order && !entities.exceptions.length) {
    wanted.push(call(context, 'list_exceptions', { explicit: { status: 'open' } }) ?? call(context, 'list_exceptions', {}));
  }
  if (reads.has('kpis')) wanted.push(call(context, 'get_kpis', {}));
  if (reads.has('procedure') || (intents.action && !order && !sku)) {
    wanted.push(call(context, 'search_runbooks', { query: text.slice(0, 300) }));
  }

  // Second hop: follow what the first results point at.
  for (const result of resultsOf(exchanges, 'get_order')) {
    const customer = firstString(result, /^customer(Id|Number|Ref)?$/i);
    if (customer && reads.has('customer')) wanted.push(call(context, 'get_customer', { customer }));
    if (reads.has('inventory') && !sku) {
      const lineSku = firstString(result, /^sku$/i);
      if (lineSku) wanted.push(call(context, 'get_inventory', { sku: lineSku }));
    }
    if (reads.has('shipment')) {
      const shipment = firstString(result, /^shipment(Id|Number)$/i);
      if (shipment) wanted.push(call(context, 'get_shipment', { shipment }));
    }
  }
  if (whyQuestion || reads.has('procedure')) {
    const types = new Set<string>();
    for (const tool of ['list_exceptions', 'get_exception']) {
      for (const result of resultsOf(exchanges, tool)) {
        for (const type of findValues(result, /^type$/i)) if (typeof type === 'string' && /_/.test(type)) types.add(type);
      }
    }
    for (const type of [...types].slice(0, 2)) {
      wanted.push(call(context, 'search_runbooks', { query: `${type.replace(/_/g, ' ')} runbook`, exceptionType: type }));
    }
  }

  const reading = newCalls(exchanges, wanted.filter((item): item is PlannedCall => item !== undefined));
  if (reading.length) return { kind: 'calls', calls: reading };

  if (intents.action) {
    const proposal = planAction(context, entities, intents.action);
    if (proposal.kind === 'calls') {
      const fresh = newCalls(exchanges, proposal.calls);
      if (fresh.length) return { kind: 'calls', calls: fresh };
    } else {
      return { kind: 'answer', text: writeChatAnswer(context, entities, { missing: proposal.missing, action: proposal.tool }) };
    }
  }
  return { kind: 'answer', text: writeChatAnswer(context, entities, {}) };
}

type ActionPlan = { kind: 'calls'; calls: PlannedCall[] } | { kind: 'missing'; tool: string; missing: string[] };

/** A write the rep asked for, with arguments from the message; the gate decides whether it runs. */
function planAction(context: PlannerContext, entities: Entities, intent: keyof typeof ACTION_INTENTS): ActionPlan {
  const name = ACTION_INTENTS[intent];
  const tool = context.tools.get(name);
  if (!tool) return { kind: 'missing', tool: name, missing: ['a tool for this action (not available to you)'] };
  const text = context.conversation.input;
  const filled = fillArguments(tool.parameters, {
    order: entities.orders[0],
    sku: entities.skus[0],
    shipment: entities.shipments[0],
    return: entities.returns[0],
    customer: entities.customers[0],
    amount: entities.amounts[0],
    reason: `Requested by rep in chat: ${text.slice(0, 200)}`,
  });
  if (!filled.ok) return { kind: 'missing', tool: name, missing: filled.missing };
  return { kind: 'calls', calls: [{ name, args: filled.args, rationale: `The rep asked for this in chat: "${text.slice(0, 200)}"` }] };
}
