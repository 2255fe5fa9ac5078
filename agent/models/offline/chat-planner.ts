/**
 * The offline chat planner: from the rep's message (and earlier turns for "it", "its shipment"), picks
 * read tools to gather facts, runbook search for procedures, a write tool for explicit requests, and
 * finally writes an answer from the results. Deterministic keyword heuristics, not language understanding.
 */
import { ACTION_INTENTS, detectIntents, ERP_WORDS, isOperationsTopic, isYesNoQuestion, saidNotAsked } from './intents.ts';
import { asksToCancel, planCancellation } from './cancellation.ts';
import { asksAddressChange, requestedAddress } from './address-change.ts';
import { extractEntities, hasAnyEntity, mergeEntities, refersBack, emptyEntities, type Entities } from './entities.ts';
import { fillArguments, type ArgumentSources } from './fill-arguments.ts';
import { newCalls, stableKey, type PlannedCall, type PlannerContext, type PlanStep } from './planner-types.ts';
import { findValues, firstString, isRecord, lastResultOf, resultsOf } from './result-reading.ts';
import { codesIn, writeChatAnswer } from './chat-answer.ts';
import { customersOrder } from './customer-orders.ts';
import { atRiskOrdersLine, skusBehindExceptions } from './at-risk-orders.ts';
import {
  actionClause,
  ACTION_THRESHOLD,
  clausesOf,
  READ_INTENT_FOCUS,
  READ_THRESHOLD,
  scoreMeaning,
  type MeaningScores,
} from './intent-meaning.ts';
import { namesOvercharge, requestFrame, requestFrames } from './request-frames.ts';
import { holdReasonCode, namedHoldReason } from './hold-reasons.ts';
import { amountsWritten, moneyMentions } from './money-amounts.ts';
import { refundAmount } from './refund-amount.ts';
import { glossOpsWords } from './ops-glossary.ts';
import { focusAnswer, questionFocus, REPLACES_SUMMARY, type QuestionFocus } from './question-focus.ts';
import {
  FIND_RECORDS,
  isRareWord,
  linkedRecords,
  lookupTerms,
  namedTerms,
  openChoice,
  toolVocabulary,
  whichOneQuestion,
  withLinkedRecords,
  type LookupTerm,
} from './record-links.ts';

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
  return entities.tenants.find(
    (tenant) => !own.some((name) => name === tenant || name.startsWith(`${tenant} `) || name.split(/\s+/)[0] === tenant),
  );
}

type OrderLookup = { state: 'found'; order: string } | { state: 'next'; call: PlannedCall } | { state: 'missing' };

/**
 * Looks the order up as typed, then (after a miss) by its bare number — "SO-10482" is stored as
 * "10482" in many systems. Found: the number as the record has it.
 */
function resolveOrder(context: PlannerContext, typed: string): OrderLookup {
  const attempts = [typed, ...(/^[A-Z]{1,4}-?(\d{3,10})$/i.exec(typed)?.slice(1) ?? [])];
  for (const attempt of attempts) {
    const planned = call(context, 'get_order', { order: attempt });
    if (!planned) return { state: 'missing' };
    const done = context.conversation.exchanges.find(
      (exchange) => stableKey(exchange.name, exchange.args) === stableKey(planned.name, planned.args),
    );
    if (!done) return { state: 'next', call: planned };
    if (done.outcome?.status === 'ok') {
      const number =
        isRecord(done.outcome.result) && typeof done.outcome.result.orderNumber === 'string' ? done.outcome.result.orderNumber : attempt;
      return { state: 'found', order: number };
    }
  }
  return { state: 'missing' };
}

const QUESTION_WORDS =
  /\b(how|do|does|did|i|we|should|can|what|is|are|the|a|an|to|with|for|when|who|which|our|my|please|tell|me|about)\b/gi;

/** The content words of a question, which is what full-text and vector search both match best. */
function searchQuery(text: string): string {
  const words = text.replace(/[?!.]/g, ' ').replace(QUESTION_WORDS, ' ').replace(/\s+/g, ' ').trim();
  return (words.length >= 3 ? words : text).slice(0, 300);
}

// Topic words → the exception type whose documents answer them (search prefers those documents).
const TOPIC_TYPES: Array<[RegExp, string]> = [
  [/\b(oversell|oversold|stock conflict|short pick|negative stock)\b/i, 'stock_conflict'],
  [/\bbackorder/i, 'backorder_aging'],
  [ERP_WORDS, 'erp_sync_failed'],
  [/\baddress/i, 'address_validation_failed'],
  [/\b(charged twice|double charge|over-?capture|payment mismatch|captured)\b/i, 'payment_mismatch'],
  [/\bduplicate/i, 'duplicate_order'],
  [/\bcredit (hold|limit)\b/i, 'credit_hold'],
  [/\binvoice/i, 'invoice_mismatch'],
  [/\b(return|rma|inspection|disposition)/i, 'return_inspection_overdue'],
  [/\b(late|delayed|tracking|carrier|in transit|lost parcel)\b/i, 'shipment_delayed'],
];

export function topicExceptionType(text: string): string | undefined {
  // An overcharge in any words the refund frame knows ("two identical charges", "billed twice") is a payment mismatch.
  return TOPIC_TYPES.find(([pattern]) => pattern.test(text))?.[1] ?? (namesOvercharge(text) ? 'payment_mismatch' : undefined);
}

/** Id-like words of the most recent earlier turns, newest first: what "it" and "that order" can point at. */
function historyTerms(history: PlannerContext['conversation']['history'], vocabulary: ReadonlySet<string>): LookupTerm[] {
  const found: LookupTerm[] = [];
  [...history].reverse().forEach((turn, index) => {
    for (const term of lookupTerms(turn.content, vocabulary)) {
      if ((term.idLike || term.tentative) && !found.some((known) => known.term === term.term) && found.length < 8) {
        // Negative positions: earlier turns rank after this message, the newest turn first.
        found.push({ ...term, at: -1_000_000 * (index + 1) + term.at });
      }
    }
  });
  return found;
}

interface ReadEntities {
  own: Entities;
  prior: Entities;
  /** find_records has answered for this message's terms (so `ownTerms` say what each names). */
  lookupDone?: boolean;
  /** The find_records call still to make before anything else, when the message names things to look up. */
  lookup?: PlannedCall;
  ownTerms: LookupTerm[];
}

/**
 * The entities of this message and of the thread: shapes first (order cues, prefixes), then, once
 * find_records has answered, what the tenant's records say each word is.
 */
function readEntities(context: PlannerContext, inScope: (own: Entities, terms: LookupTerm[]) => boolean): ReadEntities {
  const { conversation } = context;
  const text = conversation.input;
  const typedOwn = extractEntities(text);
  const typedPrior = entitiesFromHistory(conversation.history);
  if (!context.tools.has(FIND_RECORDS)) return { own: typedOwn, prior: typedPrior, ownTerms: [] };
  const vocabulary = toolVocabulary([...context.tools.values()].map((tool) => tool.description));
  // "is the 1200 back on her card now?" after "refund 1 200 zł": a number the thread wrote as money is that amount, not an id.
  const threadAmounts = new Set(amountsWritten(conversation.history.filter((turn) => turn.role === 'user').map((turn) => turn.content)));
  const allOwn = lookupTerms(text, vocabulary).filter((term) => !(/^\d+$/.test(term.term) && threadAmounts.has(Number(term.term))));
  // Name words are looked up only in an operations request; ids always (an unknown id is still an answer), and
  // words rarer than everyday English ("what has katarzyna nowak got open with us?"): most likely names.
  const vectors = context.vectors;
  const rare = (term: LookupTerm): boolean => vectors !== undefined && isRareWord((word) => vectors.rank(word), term.term);
  const ownTerms = inScope(typedOwn, allOwn) ? allOwn : allOwn.filter((term) => term.idLike || term.tentative || rare(term));
  const priorTerms = refersBack(text) || !allOwn.some((term) => term.idLike) ? historyTerms(conversation.history, vocabulary) : [];
  const terms = [...ownTerms, ...priorTerms];
  if (!terms.length) return { own: typedOwn, prior: typedPrior, ownTerms };
  const planned = call(context, FIND_RECORDS, { explicit: { terms: terms.map((term) => term.term) } });
  const done =
    planned && conversation.exchanges.some((exchange) => stableKey(exchange.name, exchange.args) === stableKey(planned.name, planned.args));
  if (planned && !done) return { own: typedOwn, prior: typedPrior, lookup: planned, ownTerms };
  const links = linkedRecords(conversation.exchanges, terms);
  const ownLinks = links.filter((link) => link.at >= 0);
  const priorLinks = links.filter((link) => link.at < 0);
  const named = namedTerms(ownTerms, ownLinks);
  return {
    own: withLinkedRecords(typedOwn, ownLinks),
    // A token of an earlier turn the lookup linked ("ZAM-26-04518", an order) is never also read by its shape (a SKU).
    prior: mergeEntities(withLinkedRecords(emptyEntities(), priorLinks), withLinkedRecords(typedPrior, priorLinks)),
    ownTerms: named,
    lookupDone: true,
  };
}

function meaningOf(context: PlannerContext, text: string): MeaningScores | undefined {
  if (!context.vectors) return undefined;
  return scoreMeaning(context.vectors, text, new Set(context.tools.keys()));
}

/**
 * The request with the names of the records it links removed: "Harbour Yacht Services asked us to
 * delay …" is about delaying; the customer's name says who, not what, and would pull the sentence
 * vector toward whatever its words resemble.
 */
function withoutNames(text: string, terms: readonly LookupTerm[]): string {
  let masked = text;
  for (const term of [...terms].filter((candidate) => candidate.names && !candidate.idLike).sort((a, b) => b.at - a.at)) {
    masked = `${masked.slice(0, term.at)}${' '.repeat(term.term.length)}${masked.slice(term.at + term.term.length)}`;
  }
  return masked.replace(/\s+/g, ' ').trim();
}

/** The request with every id-like token blanked, so its numbers are amounts, quantities or dates only. */
function withoutIds(text: string, terms: readonly LookupTerm[]): string {
  let masked = text;
  // A grouped number that names no order ("1.250") stays: it is a quantity or an amount.
  for (const term of terms.filter((candidate) => candidate.idLike && (!candidate.grouped || candidate.names)))
    masked = masked.replaceAll(term.term, ' ');
  return masked;
}

/** Money amounts of a clause: numbers in any locale's format that are not ids, not after an order cue, not quantities or days. */
function amountsIn(clause: string): number[] {
  return moneyMentions(clause)
    .filter((mention) => !/\b(order|no\.?|#)\s*$/i.test(clause.slice(0, mention.at)))
    .filter(
      (mention) => !/^\s*(units?|pcs|pieces|items?|days?|weeks?|hours?|boxes|cases|of (the|them|those))\b/i.test(clause.slice(mention.end)),
    )
    .map((mention) => mention.value)
    .filter((value) => value > 0);
}

// Words that make a message about the tenant's records worth a lookup though no operations keyword
// fired: quantities ("how many … in Plymouth", "got any …"), what is outstanding or open for someone.
const LOOKUP_CUES =
  /\b(how many|how much|got any|have we got|do we have|any\b.{1,30}\bleft|outstanding|open for|still (carry|have|stock)\w*)\b/i;

export function planChatStep(context: PlannerContext): PlanStep {
  const { conversation } = context;
  // Understood with the operations words of other languages in English ("odblokuj it" → "take the hold off it");
  // names, ids and addresses are looked up and read from the rep's own words (`raw`).
  const raw = conversation.input;
  const text = glossOpsWords(raw);
  const firstMeaning = meaningOf(context, text);
  // Close in meaning to something the copilot does counts as an operations topic too.
  const meaningful = (firstMeaning?.reads[0]?.score ?? 0) >= READ_THRESHOLD || (firstMeaning?.actions[0]?.score ?? 0) >= ACTION_THRESHOLD;
  const framed = requestFrame(clausesOf(text), (clause) => amountsIn(clause).length > 0);
  const topical = (own: Entities, terms: readonly LookupTerm[]): boolean =>
    isOperationsTopic(text) ||
    meaningful ||
    LOOKUP_CUES.test(text) ||
    framed !== undefined ||
    hasAnyEntity(own) ||
    terms.some((term) => term.idLike || term.names !== undefined);

  const foreignTenant = otherTenantMentioned(context, extractEntities(text));
  if (foreignTenant) {
    return { kind: 'answer', text: writeChatAnswer(context, extractEntities(text), { declined: 'cross_tenant', detail: foreignTenant }) };
  }
  const read = readEntities(context, topical);
  const { prior } = read;
  // An id-like token no record answers to ("KM/24/9999", "4500077777") is most likely an order number:
  // asked for as one, it is answered "I couldn't find …", like an unknown order with a prefix.
  const unlinkedIds = read.lookupDone
    ? read.ownTerms
        .filter((term) => term.idLike && !term.names && !term.grouped && (term.term.match(/\d/g)?.length ?? 0) >= 4)
        .map((term) => term.term)
    : [];
  const own = !hasAnyEntity(read.own) && unlinkedIds.length ? { ...read.own, orders: unlinkedIds } : read.own;
  // Meaning and frame again without the names the lookup linked ("Solent Sailing Club want … kept back").
  // Names are blanked where the lookup found them in the rep's words, before those words are glossed.
  const maskedText = glossOpsWords(withoutIds(withoutNames(raw, read.ownTerms), read.ownTerms));
  const meaning = read.lookupDone ? meaningOf(context, glossOpsWords(withoutNames(raw, read.ownTerms))) : firstMeaning;
  const frame = read.lookupDone ? (requestFrame(clausesOf(maskedText), (clause) => amountsIn(clause).length > 0) ?? framed) : framed;
  const intents = detectIntents(text, meaning, frame?.intent, { namesRecord: hasAnyEntity(own) });
  // Requests joined by "and" that only frames name ("hold pv204530 and give back what we overcharged"): each, in order.
  const frames = read.lookupDone ? requestFrames(clausesOf(maskedText), (clause) => amountsIn(clause).length > 0) : [];
  if (frame && frames.length > 1 && intents.actions.length === 1 && intents.actions[0] === frame.intent) {
    intents.actions = frames.map((match) => match.intent);
    intents.action = intents.actions[0];
  }
  // A fact question that names no order ("has Lea been paid back?", "how much did Velo Gisler get back?")
  // is about the order the thread was discussing, even when it names the customer.
  const usesHistory = !hasAnyEntity(own) || refersBack(text) || (questionFocus(text) !== undefined && !own.orders.length);
  // "and pan wójcik's order, the one with the kask?": an order named by its customer is that customer's, not
  // the one the thread was about.
  const namesOrderByCustomer = own.customers.length > 0 && !own.orders.length && /\border\b/i.test(text);
  const entities = usesHistory ? mergeEntities(own, namesOrderByCustomer ? { ...prior, orders: [] } : prior) : own;
  // "The new delivery address for W88217 is …", "the zip should be 43215", "it's flat 14 - put that on the
  // address": a correction of the address of the order named, or of the one the thread is about.
  if (!intents.actions.length && asksAddressChange(text) && !isYesNoQuestion(text) && (entities.orders.length || namesOrderByCustomer)) {
    intents.actions.push('correct_address');
    intents.action = 'correct_address';
  }
  if (intents.smallTalk && !hasAnyEntity(own) && !read.ownTerms.some((term) => term.idLike))
    return { kind: 'answer', text: writeChatAnswer(context, entities, { declined: 'small_talk' }) };
  if (read.lookup) return { kind: 'calls', calls: [read.lookup] };
  // An id that fits several records ("563": MW-0563 and QB-0563) is asked about, never guessed.
  const choice = openChoice(read.own);
  if (choice) return { kind: 'answer', text: whichOneQuestion(choice) };
  // A question about one fact ("did the parcel go out?") with no record of its own is about the last one discussed.
  const followsUp = refersBack(text) || questionFocus(text) !== undefined;
  if (!topical(own, read.ownTerms) && !(followsUp && hasAnyEntity(prior))) {
    return { kind: 'answer', text: writeChatAnswer(context, entities, { declined: 'out_of_scope' }) };
  }

  const exchanges = conversation.exchanges;
  // "kovač's order keeps bouncing": an order named by its customer is the customer's one open order.
  const typedOrder = entities.orders[0] ?? customersOrder(exchanges, entities.customers[0], entities.skus[0], text);
  const lookup = typedOrder ? resolveOrder(context, typedOrder) : undefined;
  const order = lookup?.state === 'found' ? lookup.order : undefined;
  const sku = entities.skus[0];
  const wanted: Array<PlannedCall | undefined> = [];
  const reads = new Set(intents.reads);
  const focus = intents.actions.length ? undefined : (questionFocus(text) ?? focusByMeaning(text, meaning));
  if (focus === 'shipped' || focus === 'delivered' || focus === 'arrival') reads.add('shipment');
  const onlyEntity = !intents.reads.length && !intents.action;
  // "Anything that should've shipped by now?", "are we selling anything we haven't got?": a question over all
  // of the tenant's records that names none of them is answered from the live exceptions.
  if (asksOverAllRecords(text) && !hasAnyEntity(entities)) reads.add('exceptions');
  // A question about something going wrong ("why is it stuck?", "it keeps failing, what now?"): the order's
  // exceptions, and the runbooks of their types, answer it.
  const whyQuestion =
    /\b(why|stuck|blocked|blocking|wrong|late|what happened|problem|issue|held up|hold-?up)\b|\bhold(s|ing)?\b[^.?!]{0,12}\bup\b/i.test(
      text,
    ) ||
    (/\b(fail(s|ed|ing|ure)?|error(s|ed)?|bounc(e|es|ed|ing)|reject(s|ed)?|time[sd]? out|timing out)\b/i.test(text) &&
      !intents.actions.length);

  // A cancellation of a named order (not a question about how cancelling works): its SOP decides.
  const cancelling = asksToCancel(text) && (!isYesNoQuestion(text) || saidNotAsked(text, asksToCancel)) && typedOrder !== undefined;
  // The order comes first: everything else about it is read once its number is confirmed.
  if (lookup?.state === 'next') wanted.push(lookup.call);
  if (order && cancelling) {
    wanted.push(
      call(context, 'search_runbooks', {
        query: 'customer cancellation request before the order ships',
        explicit: { docType: 'sop' },
      }),
    );
  }
  if (order) {
    // get_shipment and get_return take their own references; the order's record names them when the tool cannot.
    if (reads.has('shipment')) wanted.push(call(context, 'get_shipment', { order, shipment: entities.shipments[0] }));
    if (reads.has('timeline') || whyQuestion) wanted.push(call(context, 'order_timeline', { order }));
    if (whyQuestion)
      wanted.push(call(context, 'list_exceptions', { order, explicit: { status: 'live' } }) ?? call(context, 'list_exceptions', { order }));
    if (reads.has('return')) wanted.push(call(context, 'get_return', { order, return: entities.returns[0] }));
  } else if (entities.shipments[0] && (reads.has('shipment') || read.ownTerms.some((term) => term.names === 'shipment'))) {
    // A shipment the rep named by its own reference ("CE473920185EE - nothing came") is read whatever is asked of it.
    wanted.push(call(context, 'get_shipment', { shipment: entities.shipments[0] }));
  }
  if (entities.returns[0] && !typedOrder) wanted.push(call(context, 'get_return', { return: entities.returns[0] }));
  // A product named without an order is asked about for its stock, whatever else the message reads like.
  if (sku && (reads.has('inventory') || onlyEntity || intents.action || !typedOrder)) wanted.push(call(context, 'get_inventory', { sku }));
  if (entities.customers[0]) wanted.push(call(context, 'get_customer', { customer: entities.customers[0] }));
  // "the orders for ananya rao", "what orders has Rohan got with us": every order of the customer named.
  if (!typedOrder && entities.customers[0] && !sku && /\borders\b/i.test(text))
    wanted.push(call(context, 'search_orders', { explicit: { customer: entities.customers[0] } }));
  // "agnieszka lewandowska's chain order": the customer's orders with a line of the product named.
  if (!entities.orders[0] && entities.customers[0] && sku && /\border\b/i.test(text))
    wanted.push(call(context, 'search_orders', { explicit: { customer: entities.customers[0], sku } }));
  for (const exception of entities.exceptions.slice(0, 3)) wanted.push(call(context, 'get_exception', { exception }));
  if (reads.has('exceptions') && !typedOrder && !entities.exceptions.length) {
    wanted.push(
      call(context, 'list_exceptions', { explicit: { status: 'live', sort: 'severity' } }) ?? call(context, 'list_exceptions', {}),
    );
  }
  if (reads.has('kpis')) wanted.push(call(context, 'get_kpis', {}));
  // "Which orders are waiting for SKU X?": the orders with that SKU, not the stock position alone.
  if (
    sku &&
    /\b(which|what|list|show)\b.{0,30}\borders?\b|\borders?\b.{0,30}\b(waiting|backordered|need|for)\b/i.test(text) &&
    !typedOrder
  ) {
    wanted.push(call(context, 'search_orders', { sku, explicit: { sku } }));
  }
  if (reads.has('procedure') || (intents.action && !typedOrder && !sku)) {
    // A topic that maps to an exception type is answered by that type's runbook first; a how-to question
    // may be about an SOP or a policy of that topic instead ("how do we decide whether returned stock goes
    // back on the shelf?"), so those are searched too and the answer takes the passages closest in meaning.
    const topic = topicExceptionType(text);
    wanted.push(
      call(context, 'search_runbooks', {
        query: searchQuery(text),
        exceptionType: topic,
        ...(topic ? { explicit: { docType: 'runbook' } } : {}),
      }),
    );
    // Enough candidates for the answer to choose from by meaning (chat-answer.ts): the whole set, and the
    // topic's documents of every kind (its SOPs and catalogues name the cases the runbook only lists).
    if (reads.has('procedure') && !typedOrder) {
      wanted.push(call(context, 'search_runbooks', { query: searchQuery(text), explicit: { limit: 8 } }));
      if (topic) wanted.push(call(context, 'search_runbooks', { query: searchQuery(text), exceptionType: topic, explicit: { limit: 10 } }));
    }
  }

  // Second hop: follow what the first results point at.
  for (const result of order ? resultsOf(exchanges, 'get_order') : []) {
    const customer = firstString(result, /^customer(Id|Number|Ref)?$/i);
    if (customer && reads.has('customer')) wanted.push(call(context, 'get_customer', { customer }));
    if (reads.has('inventory') && !sku) {
      const lineSku = firstString(result, /^sku$/i);
      if (lineSku) wanted.push(call(context, 'get_inventory', { sku: lineSku }));
    }
    if (reads.has('shipment')) {
      const shipment = firstString(result, /^shipment(Id|Number|Ref)$/i);
      if (shipment) wanted.push(call(context, 'get_shipment', { shipment }));
    }
    if (reads.has('return') && !entities.returns[0]) {
      const rma = firstString(result, /^rmaNumber$/i);
      if (rma) wanted.push(call(context, 'get_return', { return: rma }));
    }
  }
  // "Which orders are at risk?": the open orders behind an exception about a SKU are at risk too.
  const atRisk = reads.has('exceptions') && !typedOrder && !entities.exceptions.length;
  if (atRisk)
    for (const behind of skusBehindExceptions(exchanges))
      wanted.push(call(context, 'search_orders', { sku: behind, explicit: { sku: behind } }));
  if (whyQuestion || reads.has('procedure')) {
    const types = new Set<string>();
    for (const tool of ['list_exceptions', 'get_exception']) {
      for (const result of resultsOf(exchanges, tool)) {
        for (const type of findValues(result, /^type$/i)) if (typeof type === 'string' && /_/.test(type)) types.add(type);
      }
    }
    for (const type of [...types].slice(0, 2)) {
      // The codes the records carry ("ERP-409") find the passage about that code, not only the runbook's opening.
      const codes = codesOfType(exchanges, type).slice(0, 2).join(' ');
      wanted.push(
        call(context, 'search_runbooks', { query: `${type.replace(/_/g, ' ')} runbook${codes ? ` ${codes}` : ''}`, exceptionType: type }),
      );
    }
  }

  const reading = newCalls(
    exchanges,
    wanted.filter((item): item is PlannedCall => item !== undefined),
  );
  if (reading.length) return { kind: 'calls', calls: reading };

  if (cancelling && order) {
    const plan = planCancellation(exchanges, text);
    if (plan?.kind === 'hold') {
      const hold = call(
        context,
        ACTION_INTENTS.hold,
        { order, explicit: { reasonCode: plan.reasonCode }, reason: plan.rationale },
        plan.rationale,
      );
      const fresh = hold ? newCalls(exchanges, [hold]) : [];
      if (fresh.length) return { kind: 'calls', calls: fresh };
    }
    if (plan) return { kind: 'answer', text: `${plan.note}\n${writeChatAnswer(context, entities, {})}` };
  }
  // "Let it ship", "it can go now" ask for a release only of an order that is held; "send it over again"
  // asks for a retry only of an order whose ERP sync failed: its record says.
  const held = order ? activeHolds(exchanges, order) : undefined;
  const erp = order ? erpStatus(exchanges, order) : undefined;
  const unsupported = (intent: string): boolean =>
    (intent === 'release_hold' && held !== undefined && !held.length) ||
    (intent === 'retry_sync' && frame?.intent === 'retry_sync' && erp !== undefined && erp !== 'failed');
  const actions = intents.actions.filter((intent) => !unsupported(intent));
  if (actions.length < intents.actions.length && !actions.length) {
    const line = intents.actions.includes('release_hold')
      ? focusAnswer('held', exchanges)
      : `Order ${order} has no failed ERP sync to retry (ERP status ${erp}). [tool:get_order:${order}]`;
    return { kind: 'answer', text: `${line ? `${line}\n` : ''}${writeChatAnswer(context, entities, {})}` };
  }
  if (actions.length && !(typedOrder && !order)) {
    // Each requested action in the order asked, one per step, each through the gate.
    const missing: Array<{ tool: string; missing: string[] }> = [];
    for (const intent of actions) {
      const proposal = planAction(
        context,
        { ...entities, orders: order ? [order] : entities.orders },
        intent,
        read.ownTerms,
        (frames.find((match) => match.intent === intent) ?? (frame?.intent === intent ? frame : undefined))?.clause,
      );
      if (proposal.kind === 'missing') {
        missing.push({ tool: proposal.tool, missing: proposal.missing });
        continue;
      }
      const fresh = newCalls(exchanges, proposal.calls);
      if (fresh.length) return { kind: 'calls', calls: fresh };
    }
    const first = missing[0];
    if (first) return { kind: 'answer', text: writeChatAnswer(context, entities, { missing: first.missing, action: first.tool }) };
  }
  // A question about one fact of the order gets that fact first, not the order's whole summary; "why is it
  // stuck?", "what's holding it up?" of an order on hold is answered with the hold first.
  // "Why hasn't it gone out?" of a held order asks for the cause, not the fact: the hold comes first.
  const heldWhy = whyQuestion && held !== undefined && held.length > 0;
  const direct = order ? (heldWhy ? focusAnswer('held', exchanges) : focus ? focusAnswer(focus, exchanges) : undefined) : undefined;
  if (direct && focus && !heldWhy && REPLACES_SUMMARY[focus]) return { kind: 'answer', text: direct };
  if (direct) return { kind: 'answer', text: `${direct}\n${writeChatAnswer(context, entities, {})}` };
  const risk = atRisk ? atRiskOrdersLine(exchanges) : undefined;
  const answer = writeChatAnswer(context, entities, {
    passagesByMeaning: reads.has('procedure') && !typedOrder,
  });
  return { kind: 'answer', text: risk ? `${risk}\n${answer}` : answer };
}

/** A question over all of the tenant's records ("anything …?", "are there any orders …?"), as opposed to one named record. */
function asksOverAllRecords(text: string): boolean {
  return (
    /\b(anything|any (orders?|parcels?|shipments?|skus?|products?|items?|lines?))\b/i.test(text) &&
    (/\?\s*$/.test(text) || /^\s*(is|are|was|were|anything|any)\b/i.test(text))
  );
}

/** The codes the exceptions of one type carry in their titles ("ERP sync failing with ERP-409"). */
function codesOfType(exchanges: PlannerContext['conversation']['exchanges'], type: string): string[] {
  const ofType = [...resultsOf(exchanges, 'list_exceptions'), ...resultsOf(exchanges, 'get_exception')].flatMap((result) =>
    (isRecord(result) && Array.isArray(result.exceptions) ? result.exceptions : [result]).filter(
      (item) => isRecord(item) && item.type === type,
    ),
  );
  return codesIn(ofType);
}

/** The ERP sync status of an order read in this turn ("failed", "synced", "pending"…); undefined when it has not been read. */
function erpStatus(exchanges: PlannerContext['conversation']['exchanges'], order: string): string | undefined {
  const read = resultsOf(exchanges, 'get_order')
    .filter((result) => isRecord(result) && result.orderNumber === order)
    .at(-1);
  return isRecord(read) && isRecord(read.erp) && typeof read.erp.status === 'string' ? read.erp.status : undefined;
}

/** The active holds of an order read in this turn; undefined when it has not been read. */
function activeHolds(exchanges: PlannerContext['conversation']['exchanges'], order: string): unknown[] | undefined {
  const read = resultsOf(exchanges, 'get_order')
    .filter((result) => isRecord(result) && result.orderNumber === order)
    .at(-1);
  return isRecord(read) && Array.isArray(read.holds) ? read.holds : undefined;
}

/** Enumerated arguments the rep's request implies: a hold's reason code, or the code of the hold to release. */
function actionCodes(context: PlannerContext, intent: keyof typeof ACTION_INTENTS, text: string): Record<string, unknown> {
  // "Riverside just called": a customer named by the rep is the customer asking.
  if (intent === 'hold') {
    const code = holdReasonCode(text, lastResultOf(context.conversation.exchanges, 'get_order'));
    return code ? { reasonCode: code } : {};
  }
  if (intent === 'correct_address') {
    const order = lastResultOf(context.conversation.exchanges, 'get_order');
    const current = isRecord(order) && isRecord(order.shippingAddress) ? order.shippingAddress : undefined;
    const change = current
      ? requestedAddress(
          text,
          Object.fromEntries(Object.entries(current).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
        )
      : undefined;
    return change ? { address: change.address, note: `Rep in chat: ${change.changes.join('; ')}`.slice(0, 500) } : {};
  }
  if (intent === 'release_hold') {
    const order = lastResultOf(context.conversation.exchanges, 'get_order');
    const holds = isRecord(order) && Array.isArray(order.holds) ? order.holds.filter(isRecord) : [];
    const named = namedHoldReason(text);
    const code = named && holds.some((hold) => hold.reasonCode === named) ? named : holds.length === 1 ? holds[0]!.reasonCode : undefined;
    return typeof code === 'string' ? { reasonCode: code } : {};
  }
  return {};
}

type ActionPlan = { kind: 'calls'; calls: PlannedCall[] } | { kind: 'missing'; tool: string; missing: string[] };

/** A write the rep asked for, with arguments from the message; the gate decides whether it runs. */
function planAction(
  context: PlannerContext,
  entities: Entities,
  intent: keyof typeof ACTION_INTENTS,
  terms: readonly LookupTerm[] = [],
  frameClause?: string,
): ActionPlan {
  const name = ACTION_INTENTS[intent];
  const tool = context.tools.get(name);
  if (!tool) return { kind: 'missing', tool: name, missing: ['a tool for this action (not available to you)'] };
  const text = context.conversation.input;
  // A customer the records know by the name the rep used is "the customer" ("Riverside just called").
  const customerWords = terms.filter((term) => !term.idLike && term.names === 'customer').map((term) => term.term);
  // "Solent Sailing Club want …" → "customer want …": a name of several words is one customer.
  const codesText = customerWords
    .reduce((current, word) => current.replaceAll(word, 'customer'), text)
    .replace(/\bcustomer(?:\s+customer)+\b/gi, 'customer');
  const filled = fillArguments(tool.parameters, {
    // The address is read from the rep's own words: a name swapped for "customer" must never become a field.
    explicit: actionCodes(context, intent, intent === 'correct_address' ? text : glossOpsWords(codesText)),
    order: entities.orders[0],
    sku: entities.skus[0],
    shipment: entities.shipments[0],
    return: entities.returns[0],
    customer: entities.customers[0],
    amount:
      intent === 'refund'
        ? refundAmountOf(context, entities, terms, frameClause)
        : (ownAmounts(entities.amounts, terms)[0] ??
          (frameClause ? amountsIn(frameClause).at(-1) : undefined) ??
          clauseAmount(context, intent, terms)),
    reason: `Requested by rep in chat: ${text.slice(0, 200)}`,
  });
  if (!filled.ok) return { kind: 'missing', tool: name, missing: filled.missing };
  return { kind: 'calls', calls: [{ name, args: filled.args, rationale: `The rep asked for this in chat: "${text.slice(0, 200)}"` }] };
}

/**
 * "Charged twice", "overcharged" with no amount: what the order's record shows was captured beyond its
 * total (a duplicate capture, an over-capture), net of what was refunded already. Nothing when the
 * records show no excess: then the planner asks for the amount rather than guessing.
 */
function overchargeOnRecord(context: PlannerContext): number | undefined {
  const order = lastResultOf(context.conversation.exchanges, 'get_order');
  if (!isRecord(order) || !isRecord(order.payment) || !isRecord(order.totals)) return undefined;
  const { captured, refunded } = order.payment;
  const total = order.totals.total;
  if (typeof captured !== 'number' || typeof total !== 'number') return undefined;
  const excess = Math.round((captured - (typeof refunded === 'number' ? refunded : 0) - total) * 100) / 100;
  return excess > 0 ? excess : undefined;
}

/**
 * A refund's amount (refund-amount.ts): the clause asking for the money back names it; "the difference", "the
 * extra" is the excess on record; then the turn's other amounts; an earlier turn's only when this one has none.
 */
function refundAmountOf(
  context: PlannerContext,
  entities: Entities,
  terms: readonly LookupTerm[],
  frameClause?: string,
): number | undefined {
  const text = context.conversation.input;
  const clause = frameClause ?? (context.vectors ? actionClause(context.vectors, withoutIds(text, terms), 'refund') : undefined);
  return refundAmount({
    clauseAmounts: clause ? amountsIn(clause) : [],
    clause,
    turnAmounts: ownAmounts(extractEntities(text).amounts, terms),
    excessOnRecord: overchargeOnRecord(context),
    turnNamesOvercharge: namesOvercharge(text),
    threadAmounts: ownAmounts(entities.amounts, terms),
  });
}

/**
 * An amount written as a bare number ("send back the extra 45"): the last number of the clause that
 * carries the action best, not an id the lookup linked and not one after an order cue.
 */
function clauseAmount(context: PlannerContext, intent: keyof typeof ACTION_INTENTS, terms: readonly LookupTerm[]): number | undefined {
  if (!context.vectors) return undefined;
  const clause = actionClause(context.vectors, withoutIds(context.conversation.input, terms), intent);
  return amountsIn(clause).at(-1);
}

/** Amounts the entity shapes found ("for 4500012350" is not one when that token is an id). */
function ownAmounts(amounts: readonly number[], terms: readonly LookupTerm[]): number[] {
  const ids = new Set(terms.filter((term) => term.idLike).flatMap((term) => [term.term, String(Number(term.term.replace(/\D/g, '')))]));
  return amounts.filter((amount) => !ids.has(String(amount)));
}

/**
 * The focus of a question no cue names ("is it with the courier yet?"): the read its meaning is
 * closest to, when that read is a yes/no fact about the order.
 */
function focusByMeaning(text: string, meaning: MeaningScores | undefined): QuestionFocus | undefined {
  if (!/\?\s*$/.test(text) && !/^\s*(has|have|did|was|were|is|are)\b/i.test(text)) return undefined;
  const top = meaning?.reads[0];
  return top && top.score >= READ_THRESHOLD ? READ_INTENT_FOCUS[top.intent] : undefined;
}
