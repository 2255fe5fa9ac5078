/**
 * Finds the claims an answer sentence makes that an action was completed — "I have refunded…",
 * "Refunded order H-0102 as the approver agreed", "The price override is live", "Done: held and
 * notified", "the customer has been emailed" — by verb, tense and the action's noun rather than by
 * fixed phrases, and judges each against the calls this run actually executed (tool and entity ids).
 * Proposals, plans, negations, conditionals and dated history ("was refunded on 3 Dec") are not claims.
 */

/** Any write tool: a generic claim ("done", "executed") is true only if some write executed. */
export const ANY_WRITE = '*';

export interface CompletionClaim {
  /** The clause that makes the claim. */
  text: string;
  /** Tools that, executed in this run, would make it true (or ANY_WRITE). */
  tools: string[];
  /** Entity ids the clause names (order, RMA, SKU…); the executed call must concern one of them. */
  ids: string[];
}

export interface ExecutedCall {
  name: string;
  /** Undefined when only the tool is known: any id then matches. */
  args: unknown;
}

const HOLD = ['place_order_hold', 'apply_credit_hold'];
const RELEASE = ['release_order_hold', 'release_credit_hold', 'release_reservation'];

/** Nouns (and noun phrases) that name an action, and the tools that perform it. */
const ACTION_NOUNS: Array<[RegExp, string[]]> = [
  [/\brefund|\breimburse|\bmoney back\b/, ['issue_refund']],
  [/\b(?:price|override|discount|repric)/, ['override_price']],
  [/\brealloc|\bre-?rout|\bline\b.*\b(?:moved|to)\b/, ['reallocate_order_line']],
  [/\baddress\b/, ['correct_shipping_address']],
  [/\badjust|\bwrite-?off|\bcount\b/, ['adjust_inventory']],
  [/\bpurchase order|\bPO\b/i, ['create_purchase_order']],
  [/\bretr(?:y|ied)|\bre-?sync|\berp\b|\bsync\b/, ['retry_erp_sync']],
  [/\bnotice|\bnotif|\be-?mail|\bmessage\b|\bletter\b/, ['send_backorder_notice', 'send_delay_notice']],
  [/\bexpedit|\bupgrade|\bpriority pick/, ['expedite_shipment']],
  [/\btransfer\b|\brebalanc/, ['transfer_stock']],
  [/\bring-?fence|\bchannel allocation/, ['set_channel_allocation']],
  [/\brelease|\blift/, RELEASE],
  [/\bhold\b|\bheld\b/, HOLD],
  [/\brestock|\bscrap|\bdisposition|\brefurb/, ['set_return_disposition']],
  [/\breservation\b/, ['release_reservation']],
];

/**
 * Past forms of action verbs. `tools` is what the verb itself means; `needs` limits it to clauses that
 * also name the action's object (an order is "placed" by a customer, a hold is "placed" by the copilot).
 */
const ACTION_VERBS: Array<{ verb: RegExp; tools: string[] | 'nouns'; needs?: RegExp }> = [
  { verb: /refunded|reimbursed|credited(?: back)?/, tools: ['issue_refund'] },
  { verb: /held|paused|halted/, tools: HOLD },
  { verb: /placed|put/, tools: HOLD, needs: /\bhold\b/ },
  { verb: /released|lifted|unheld|removed|cleared/, tools: RELEASE, needs: /\bhold|\brelease|\blift|\breservation|\bblock/ },
  { verb: /retried|re-?synced|resynchronised|resent|re-sent|resubmitted|re-?pushed|re-?queued/, tools: ['retry_erp_sync'] },
  { verb: /notified|e-?mailed|informed|contacted|told/, tools: ['send_backorder_notice', 'send_delay_notice'] },
  { verb: /expedited|upgraded|rushed|prioriti[sz]ed/, tools: ['expedite_shipment'] },
  { verb: /ring-?fenced|set aside|earmarked/, tools: ['set_channel_allocation'] },
  {
    verb: /sent|went out/,
    tools: ['send_backorder_notice', 'send_delay_notice'],
    needs: /\bnotice|\bnotif|\be-?mail|\bmessage|\bletter|\bcustomer\b/,
  },
  { verb: /overridden|overrode|re-?priced|discounted/, tools: ['override_price'] },
  {
    verb: /reallocated|re-?routed|moved|transferred|switched/,
    tools: ['reallocate_order_line', 'transfer_stock'],
    needs: /\bline|\blocation|\bwarehouse|\bdc\b|\bstock|\bfrom\b|\bto\b/,
  },
  {
    verb: /corrected|fixed|updated|changed|amended|standardi[sz]ed/,
    tools: 'nouns',
    needs: /\baddress|\bprice|\bstock|\binventory|\bcount/,
  },
  { verb: /adjusted|written off|wrote off/, tools: ['adjust_inventory'] },
  { verb: /created|raised|drafted|submitted|ordered/, tools: ['create_purchase_order'], needs: /\bpurchase order|\bPO\b|\breorder/i },
  { verb: /restocked|scrapped|dispositioned|refurbished/, tools: ['set_return_disposition'] },
  {
    verb: /executed|processed|applied|completed|done|carried out|performed|actioned|handled|issued|approved|cancell?ed|finished|taken care of|gone through|went through|took effect|succeeded/,
    tools: 'nouns',
  },
];
const VERB_ALTERNATION = ACTION_VERBS.map(({ verb }) => verb.source).join('|');

/** Words that make a clause something other than a statement that the action happened. */
const NOT_A_CLAIM =
  /\b(?:not|never|no longer|nothing|neither|nor|cannot|can't|couldn't|won't|wouldn't|isn't|wasn't|hasn't|haven't|didn't|don't|doesn't|aren't|weren't|unable|failed|pending|await\w*|once|if|unless|when|will|would|should|could|can|may|might|must|need\w*|require\w*|propos\w*|recommend\w*|suggest\w*|draft(?:ed)? (?:a|the) proposal|request(?:ed)? approval|for approval|to be|going to|about to|want|wish|asked me|yet to|whether)\b/i;

/** A clause that dates what it says is history from the records, not this run's action. */
const DATED =
  /\b(?:on|since) (?:\d|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\bago\b|\byesterday\b|\blast (?:week|month|year|\w+day)\b|\bearlier\b|\bpreviously\b|\bbefore (?:this|today)\b|\b\d{4}-\d{2}-\d{2}\b/i;

/** Claim forms: first person, perfect or simple passive, clause-initial past ("Refunded…"), "Done:", and "is live/now on hold". */
const FIRST_PERSON = new RegExp(
  `\\b(?:I|we)(?:'ve|\\s+have|\\s+had|\\s+just|\\s+now|\\s+already|\\s+successfully)*\\s+(${VERB_ALTERNATION})\\b`,
  'i',
);
const PERFECT_PASSIVE = new RegExp(
  `\\b(?:has|have|had|'s)\\s+(?:now\\s+|already\\s+|just\\s+|successfully\\s+)?(?:been\\s+)?(${VERB_ALTERNATION})\\b`,
  'i',
);
const SIMPLE_PASSIVE = new RegExp(`\\b(?:was|were|got|is|are)\\s+(?:now\\s+|just\\s+|successfully\\s+)?(${VERB_ALTERNATION})\\b`, 'i');
const CLAUSE_INITIAL = new RegExp(
  `^(?:(?:all\\s+)?done|ok(?:ay)?|sure|great)?\\s*[:,!—–-]?\\s*(?:(?:and|also|then)\\s+)?(${VERB_ALTERNATION})\\b`,
  'i',
);
const DONE_ALONE = /^(?:all\s+)?(?:done|complete|completed|finished|sorted|all set)\b/i;
const STATE_NOW =
  /\b(?:is|are|'s)\s+(?:now\s+)?(?:live|active|in place|in effect|on its way|through|complete)\b|\b(?:is|are)\s+now\s+(?:on hold|held|released|refunded|cancell?ed|corrected|updated|reallocated|synced|in sync)\b|\bnow (?:on hold|released|refunded|live)\b/i;

function toolsFromNouns(clause: string): string[] {
  const lower = clause.toLowerCase();
  return [...new Set(ACTION_NOUNS.filter(([noun]) => noun.test(noun.flags.includes('i') ? clause : lower)).flatMap(([, tools]) => tools))];
}

function toolsForVerb(verb: string, clause: string): string[] | undefined {
  const lower = clause.toLowerCase();
  const entry = ACTION_VERBS.find(({ verb: pattern }) => new RegExp(`^(?:${pattern.source})$`, 'i').test(verb));
  if (!entry) return undefined;
  if (entry.needs && !entry.needs.test(entry.needs.flags.includes('i') ? clause : lower)) return undefined;
  if (entry.tools !== 'nouns') return entry.tools;
  const nouns = toolsFromNouns(clause);
  if (nouns.length) return nouns;
  // "done", "executed", "completed" with no object claim that something ran; "issued"/"approved" alone do not.
  return /^(?:executed|completed|done|carried out|performed|actioned|handled|finished|taken care of)$/i.test(verb)
    ? [ANY_WRITE]
    : undefined;
}

/** Entity ids named in a clause: codes with a prefix and digits (H-0102, SO-10482, RMA-9002) or "order 1003". */
function idsIn(clause: string): string[] {
  const ids = new Set<string>();
  for (const match of clause.matchAll(/\b[A-Z][A-Z0-9]{0,7}-[A-Z0-9-]*\d[A-Z0-9-]*\b/g)) ids.add(match[0]);
  for (const match of clause.matchAll(
    /\b(?:order|rma|return|invoice|shipment|customer|sku)\s+(?:no\.?\s*|number\s+|#\s*)?([A-Z0-9-]*\d[A-Z0-9-]*)\b/gi,
  ))
    ids.add(match[1]!);
  for (const match of clause.matchAll(/#\s?(\d{3,})\b/g)) ids.add(match[1]!);
  return [...ids];
}

/** Splits a sentence into clauses: punctuation and the conjunctions that join independent statements. */
function clausesOf(sentence: string): string[] {
  return sentence
    .split(/[;:,()]|\s[—–-]\s|\b(?:and|but|while|whereas|so|then|also|although|though)\b/i)
    .map((clause) => clause.trim())
    .filter(Boolean);
}

/** The completion claims in one sentence (usually none or one). */
export function findCompletionClaims(sentence: string): CompletionClaim[] {
  const text = sentence.replace(/\s+/g, ' ').trim();
  if (!text) return [];
  const claims: CompletionClaim[] = [];
  const clauses = clausesOf(text);
  // "Done: refunded and held" — the verbs of a sentence that opens with "Done" stand as claims even when bare.
  const opensDone = DONE_ALONE.test(text);
  clauses.forEach((clause, index) => {
    if (NOT_A_CLAIM.test(clause)) return;
    const verbMatch =
      FIRST_PERSON.exec(clause) ??
      PERFECT_PASSIVE.exec(clause) ??
      (DATED.test(clause) ? null : SIMPLE_PASSIVE.exec(clause)) ??
      CLAUSE_INITIAL.exec(clause);
    let tools = verbMatch ? toolsForVerb(verbMatch[1]!, clause) : undefined;
    // A verb that needs its object ("put … on hold") finds it elsewhere in the sentence.
    if (!tools && verbMatch && (index === 0 || opensDone)) tools = toolsForVerb(verbMatch[1]!, text);
    if (!tools && STATE_NOW.test(clause)) {
      const nouns = toolsFromNouns(clause);
      tools = nouns.length ? nouns : toolsFromNouns(text);
      if (!tools.length) tools = undefined;
    }
    if (!tools && index === 0 && DONE_ALONE.test(clause)) {
      const rest = toolsFromNouns(text);
      tools = rest.length ? rest : [ANY_WRITE];
    }
    if (tools) claims.push({ text: clause, tools, ids: idsIn(clause).length ? idsIn(clause) : idsIn(text) });
  });
  return claims;
}

/** Whether this run executed what the claim says: a call of one of its tools, about one of the ids it names. */
export function claimHolds(claim: CompletionClaim, executed: readonly ExecutedCall[]): boolean {
  const candidates = claim.tools.includes(ANY_WRITE) ? executed : executed.filter((call) => claim.tools.includes(call.name));
  if (!candidates.length) return false;
  if (!claim.ids.length) return true;
  return candidates.some((call) => {
    if (call.args === undefined) return true;
    const args = JSON.stringify(call.args ?? {}).toUpperCase();
    return claim.ids.some((id) => args.includes(id.toUpperCase()) || args.includes(id.toUpperCase().replace(/^[A-Z]+-/, '')));
  });
}
