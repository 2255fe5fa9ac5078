/**
 * Intent detection for the offline model: what a rep is asking for. Keyword cues first (precise where
 * they fire); with word vectors loaded, meaning fills in what they miss (intent-meaning.ts).
 */
import { ACTION_AMBIGUITY_MARGIN, ACTION_MARGIN, ACTION_THRESHOLD, READ_THRESHOLD, type MeaningScores } from './intent-meaning.ts';

export const READ_INTENTS = [
  'order_status',
  'shipment',
  'inventory',
  'customer',
  'return',
  'exceptions',
  'timeline',
  'kpis',
  'procedure',
] as const;

/** Requests to change something; each maps to a write tool the gate will decide on. */
export const ACTION_INTENTS = {
  refund: 'issue_refund',
  hold: 'place_order_hold',
  release_hold: 'release_order_hold',
  reallocate: 'reallocate_order_line',
  retry_sync: 'retry_erp_sync',
  correct_address: 'correct_shipping_address',
  backorder_notice: 'send_backorder_notice',
  purchase_order: 'create_purchase_order',
  credit_hold: 'apply_credit_hold',
  release_credit_hold: 'release_credit_hold',
  release_reservation: 'release_reservation',
  adjust_inventory: 'adjust_inventory',
  override_price: 'override_price',
  return_disposition: 'set_return_disposition',
} as const;

export type ReadIntent = (typeof READ_INTENTS)[number];
export type ActionIntent = keyof typeof ACTION_INTENTS;

export interface Intents {
  reads: ReadIntent[];
  /** The first requested action (for callers that handle one). */
  action: ActionIntent | undefined;
  /** Every requested action, in the order the message names them ("hold it and refund $30"). */
  actions: ActionIntent[];
  /** Greeting or thanks with nothing to look up. */
  smallTalk: boolean;
}

const READ_PATTERNS: Record<ReadIntent, RegExp> = {
  order_status: /\b(order|orders|stuck|status|why|where|late|blocked|what'?s (going on|wrong|up))\b/i,
  shipment: /\b(ship(ment|ped|ping)?|track(ing)?|carrier|deliver(y|ed)?|dispatch(ed)?|in transit|eta|parcels?|packages?|consignments?)\b/i,
  inventory: /\b(stock|inventory|ats|available|availability|on.?hand|oversold|oversell|warehouse|location)\b/i,
  // "Is the conservatory over its limit?": a customer's credit line named by its limit.
  customer:
    /\b(customer|account|credit|terms|buyer)\b|\b(over|above|under|within|exceed\w*|hit|reach\w*|past|near|close to|up to)\s+(its|their|his|her|the|our)\s+((credit|spending|account)\s+)?limit\b/i,
  return: /\b(returns?|rma|inspection|disposition)\b/i,
  exceptions:
    /\b(exceptions?|issues?|problems?|alerts?|queue|open items|what needs attention|at risk|in danger|in trouble|held up|going wrong|(could|might|may|going to|likely to) (slip|be late|run late|miss)|(which|what|any)\b[^?.]{0,25}\b(stuck|blocked|slipping|running late))\b/i,
  timeline: /\b(timeline|history|events?|what happened)\b/i,
  kpis: /\b(kpis?|metrics?|performance|how are we doing|backlog|sla breach(es)?|dashboard)\b/i,
  procedure:
    /\b(how (do|should|can|does) (i|we|a rep|one|it)|what('?s| is| are) (the|our) (process|procedure|policy|policies|rules?|terms|limits?|sla)|runbook|sop|policy|policies|procedure|steps|approval (rule|limit|matrix)|who (can|approves?|must approve|may)|when (should|do) (i|we)|threshold|contract(ual)? terms|our terms|guidelines?|tolerance|who('?s| is| are)? (allowed|authori[sz]ed|permitted|entitled|able|responsible)|who (sorts|handles|deals with|fixes|owns|looks after|takes care of|picks up)|sign(s|ed)? off|what are the (rules|steps)|walk me through|how (do|should|can|would) (you|they)|should (i|we)|do (i|we) (just |simply |still )?(keep|need to|have to|wait|leave|ignore|try|retry|resend|push|escalate|chase)|what now|what'?s the drill)\b/i,
};

// Imperative or requesting phrasing: "refund 40 on SO-1", "please place a hold", "can you release…".
const ACTION_PATTERNS: Array<[ActionIntent, RegExp]> = [
  ['release_credit_hold', /\b(release|remove|lift)\b.{0,20}\bcredit hold\b/i],
  ['credit_hold', /\b(apply|put|place|set)\b.{0,20}\bcredit hold\b/i],
  ['release_hold', /\b(release|remove|lift)\b.{0,20}\b(order )?hold\b/i],
  ['hold', /\b(place|put|set)\b.{0,20}\b(on )?hold\b|\bhold (the |this |that )?order\b/i],
  ['refund', /\b(refund|reimburse|pay (back|the customer))\b/i],
  ['reallocate', /\b(reallocat\w*|move (the )?line|ship (it )?from|fulfil+ from)\b/i],
  ['retry_sync', /\b(retry|resend|re-?sync|re-?push|push again)\b.{0,30}\b(erp|sync)?\b/i],
  ['correct_address', /\b(correct|fix|update|change)\b.{0,20}\baddress\b/i],
  ['backorder_notice', /\b(backorder notice|notify (the )?customer|send (a |the )?(backorder )?notice)\b/i],
  ['purchase_order', /\b(purchase order|raise (a )?po|create (a )?po|replenish\w*|reorder)\b/i],
  ['release_reservation', /\brelease\b.{0,20}\breservation\b/i],
  ['adjust_inventory', /\b(adjust|correct)\b.{0,20}\b(inventory|stock|on.?hand|count)\b/i],
  ['override_price', /\b(override|change|set)\b.{0,20}\bprice\b/i],
  ['return_disposition', /\b(restock|scrap|dispose|disposition|vendor return|mark (it |the return )?(as )?damaged)\b/i],
];

// Pairs where the first, more specific intent already covers the second's words.
const SPECIFIC: Array<[ActionIntent, ActionIntent]> = [
  ['release_credit_hold', 'release_hold'],
  ['credit_hold', 'hold'],
  ['release_hold', 'hold'],
  ['release_credit_hold', 'credit_hold'],
  ['release_reservation', 'release_hold'],
];
function overlaps(earlier: ActionIntent, later: ActionIntent): boolean {
  return SPECIFIC.some(([specific, general]) => specific === earlier && general === later);
}

// Questions ("how do I refund?") are procedures, not requests to act.
const QUESTION_ABOUT_PROCESS = /^\s*(how|what|when|who|why|which|is|are|does|do|can (i|we|a rep))\b/i;
const CAN_WE = /^\s*(can|could) (i|we)\b/i;
const IMPERATIVE =
  /\b(please|can you|could you|would you|go ahead|do it|now|i want|i'd like|let'?s|need you to)\b|^\s*(refund|issue|place|put|release|reallocate|move|retry|resend|correct|fix|update|send|notify|create|raise|apply|adjust|override|restock|hold)\b/i;

/** A question about what the rep (or the team) may do. */
const PERMISSION_QUESTION =
  /\b(can|may|could) (i|we|a rep|reps)\b|\b(am i|are we|is a rep|are reps) (allowed|able|permitted|supposed|authori[sz]ed)\b|\bis it (ok|okay|fine|allowed) (for (me|us|a rep) )?to\b/i;

// Asking someone to act, in a question's form: "can you stop H-1002…?", "could you fix that?".
const REQUEST_CUE = /\b(please|can you|could you|would you|will you|can we|could we|let'?s|go ahead|i want|i'd like|need you to)\b/i;

/**
 * A question about what is or was ("did the refund go through?", "so was H-0102 refunded?", "what
 * do we do here?"): a question mark with no request cue. Such a message asks for facts, never for an action.
 */
export function isYesNoQuestion(text: string): boolean {
  return /\?\s*$/.test(text) && !REQUEST_CUE.test(text);
}

/**
 * Whether a clause the test accepts is said rather than asked: "Luka wants to cancel MED#31060 altogether,
 * it hasn't gone out yet has it?" asks a question, but its first clause is a request. A clause is asked
 * when it ends with "?" or opens with an auxiliary ("did they cancel it"), unless it carries a request cue.
 */
export function saidNotAsked(text: string, test: (clause: string) => boolean): boolean {
  return text
    .split(/(?<=[.;!?])\s+|,\s+|\s[-—–]\s/)
    .some(
      (clause) =>
        test(clause) &&
        (REQUEST_CUE.test(clause) || (!/\?\s*$/.test(clause) && !/^\s*(do|does|did|is|are|was|were|has|have|had)\b/i.test(clause))),
    );
}

/**
 * The rep's intents: keyword cues first, then the request's frame (request-frames.ts: what kind of
 * verb acts on what), then meaning. `frame` is the action the frame asks for, when the caller found one.
 */
export function detectIntents(
  text: string,
  meaning?: MeaningScores,
  frame?: ActionIntent,
  options: { namesRecord?: boolean } = {},
): Intents {
  const reads = READ_INTENTS.filter((intent) => READ_PATTERNS[intent].test(text));
  // "Can I approve it myself?", "am I allowed to …?": what the rep may do is the policies' to say.
  if (PERMISSION_QUESTION.test(text) && /\?\s*$/.test(text) && !options.namesRecord && !reads.includes('procedure'))
    reads.push('procedure');
  for (const { intent, score } of meaning?.reads ?? []) if (score >= READ_THRESHOLD && !reads.includes(intent)) reads.push(intent);
  // "Can we …" about the process ("can we refund above 500?") asks how things work; "can we park 2611-0453.B
  // until …" names a record of the tenant's and asks for something to be done to it.
  const requestAboutRecord = options.namesRecord === true && CAN_WE.test(text) && !/\?\s*$/.test(text);
  const asksAboutProcess = (QUESTION_ABOUT_PROCESS.test(text) || isYesNoQuestion(text)) && !IMPERATIVE.test(text) && !requestAboutRecord;
  const found: Array<{ intent: ActionIntent; at: number }> = [];
  if (!asksAboutProcess) {
    for (const [intent, pattern] of ACTION_PATTERNS) {
      const match = pattern.exec(text);
      // A more specific pattern (release credit hold) claims its words before a general one (release hold).
      if (match && !found.some((earlier) => earlier.at === match.index || overlaps(earlier.intent, intent)))
        found.push({ intent, at: match.index });
    }
  }
  // The frame says whose hold it is: "lift the account hold" is the account's credit hold, not an order's.
  const scope: Partial<Record<ActionIntent, ActionIntent>> = { hold: 'credit_hold', release_hold: 'release_credit_hold' };
  const actions = found
    .sort((a, b) => a.at - b.at)
    .map((item) => (frame !== undefined && scope[item.intent] === frame ? frame : item.intent))
    .filter((intent, index, all) => all.indexOf(intent) === index);
  if (!asksAboutProcess && !actions.length && frame) actions.push(frame);
  // No cue fired: the closest action by meaning, when it is close enough and closer than any question.
  const byMeaning = isYesNoQuestion(text) && !REQUEST_CUE.test(text) ? undefined : meaning?.actions[0];
  const closestRead = meaning?.reads[0]?.score ?? 0;
  const nextAction = meaning?.actions[1]?.score ?? 0;
  if (
    !asksAboutProcess &&
    !actions.length &&
    byMeaning &&
    byMeaning.score >= ACTION_THRESHOLD &&
    byMeaning.score > closestRead + ACTION_MARGIN &&
    byMeaning.score > nextAction + ACTION_AMBIGUITY_MARGIN
  )
    actions.push(byMeaning.intent);
  const action = actions[0];
  // A greeting or thanks of a few words with nothing operational in it.
  const smallTalk =
    /^\s*(hi|hello|hey|thanks|thank you|cheers|good (morning|afternoon|evening))\b/i.test(text) &&
    text.trim().split(/\s+/).length <= 5 &&
    !isOperationsTopic(text);
  return { reads, action, actions, smallTalk };
}

/**
 * The ERP as ops people name it: the acronym, the products the sync catalogue names (NetSuite, Dynamics,
 * SAP Business One), and what it is to them — the books, the accounts or finance system, the ledger.
 */
export const ERP_WORDS =
  /\b(erp|sync(ing|ed)?|netsuite|sap|dynamics|business one|(the|our|\w+'s) books|bookkeeping|ledger|(accounts?|accounting|finance|financial) (system|software|package|side))\b/i;

/** Topics the copilot serves. A message with none of them and no entity is out of scope. */
export function isOperationsTopic(text: string): boolean {
  return (
    READ_INTENTS.some((intent) => READ_PATTERNS[intent].test(text)) ||
    ACTION_PATTERNS.some(([, pattern]) => pattern.test(text)) ||
    /\b(skus?|erp|wms|oms|payments?|invoices?|refunds?|address(es)?|backorders?|duplicates?|fraud|holds?|reservations?|purchase orders?|po|marketplaces?|chargebacks?|settlements?|cycle counts?|sla|fulfil+ment|warehouses?|exceptions?)\b/i.test(
      text,
    ) ||
    ERP_WORDS.test(text)
  );
}
