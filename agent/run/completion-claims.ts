/**
 * Finds the claims an answer sentence makes that an action was completed — "I have refunded…",
 * "Refunded order H-0102 as the approver agreed", "The price override is live", "Hold released.",
 * "Done: held and notified" — by verb, tense and the action's noun rather than by fixed phrases, and
 * judges each against what this run actually did.
 *
 * Two kinds of claim are told apart by their grammar, not by their verb: a claim that the copilot acted
 * in this run ("I released the hold", "The hold has been released") holds only if that write executed
 * here; a report of a record's state or dated history ("the order's status is released", "H-1001
 * (released)", "hold released on 3 Dec per the record") holds if the write executed or if a record this
 * run read shows it (claim-evidence.ts). Proposals, plans, negations and conditionals are not claims.
 */
import { recordShows, type ObservedResult } from './claim-evidence.ts';

export type { ObservedResult } from './claim-evidence.ts';

/** Any write tool: a generic claim ("done", "executed") is true only if some write executed. */
export const ANY_WRITE = '*';

export interface CompletionClaim {
  /** The clause that makes the claim. */
  text: string;
  /** Tools that, executed in this run, would make it true (or ANY_WRITE). */
  tools: string[];
  /** Entity ids the clause names (order, RMA, SKU…); the executed call must concern one of them. */
  ids: string[];
  /**
   * `action`: the copilot says it did this now — true only if this run executed it. `record`: a report
   * of a record's state or history — true if executed, or if a tool result of this run shows it.
   */
  kind: 'action' | 'record';
  /** The claim's verb as written ("released"), for matching it against the records' wording. */
  verb?: string;
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
  [/\brefund|\breimburse|\bmoney back\b/i, ['issue_refund']],
  [/\b(?:price|override|discount|repric)/i, ['override_price']],
  [/\brealloc|\bre-?rout|\bline\b.*\b(?:moved|to)\b/i, ['reallocate_order_line']],
  [/\baddress\b/i, ['correct_shipping_address']],
  [/\badjust|\bwrite-?off|\bcount\b/i, ['adjust_inventory']],
  [/\bpurchase order|\bPO\b/i, ['create_purchase_order']],
  [/\bretr(?:y|ied)|\bre-?sync|\berp\b|\bsync\b/i, ['retry_erp_sync']],
  [/\bnotice|\bnotif|\be-?mail|\bmessage\b|\bletter\b/i, ['send_backorder_notice', 'send_delay_notice']],
  [/\bexpedit|\bupgrade|\bpriority pick/i, ['expedite_shipment']],
  [/\btransfer\b|\brebalanc/i, ['transfer_stock']],
  [/\bring-?fence|\bchannel allocation/i, ['set_channel_allocation']],
  [/\brelease|\blift/i, RELEASE],
  [/\bhold\b|\bheld\b/i, HOLD],
  [/\brestock|\bscrap|\bdisposition|\brefurb/i, ['set_return_disposition']],
  [/\breservation\b/i, ['release_reservation']],
];

/**
 * Past forms of action verbs. `tools` is what the verb itself means; `needs` limits it to clauses that
 * also name the action's object (an order is "placed" by a customer, a hold is "placed" by the copilot).
 */
const ACTION_VERBS: Array<{ verb: RegExp; tools: string[] | 'nouns'; needs?: RegExp }> = [
  { verb: /refunded|reimbursed|credited(?: back)?/, tools: ['issue_refund'] },
  { verb: /held|paused|halted/, tools: HOLD },
  { verb: /placed|put/, tools: HOLD, needs: /\bhold\b/i },
  { verb: /released|lifted|unheld|removed|cleared/, tools: RELEASE, needs: /\bhold|\brelease|\blift|\breservation|\bblock/i },
  { verb: /retried|re-?synced|resynchronised|resent|re-sent|resubmitted|re-?pushed|re-?queued/, tools: ['retry_erp_sync'] },
  // "re-run" and the like say nothing of what ran again on their own: the clause must name the sync.
  {
    verb: /re-?run|reran|re-?triggered|re-?posted|re-?exported|re-?processed/,
    tools: ['retry_erp_sync'],
    needs: /\berp\b|\bsync|\bexport|\bpost(?:ing)?\b|\bpush/i,
  },
  { verb: /notified|e-?mailed|informed|contacted|told/, tools: ['send_backorder_notice', 'send_delay_notice'] },
  { verb: /expedited|upgraded|rushed|prioriti[sz]ed/, tools: ['expedite_shipment'] },
  { verb: /ring-?fenced|set aside|earmarked/, tools: ['set_channel_allocation'] },
  {
    verb: /sent|went out/,
    tools: ['send_backorder_notice', 'send_delay_notice'],
    needs: /\bnotice|\bnotif|\be-?mail|\bmessage|\bletter|\bcustomer\b/i,
  },
  { verb: /overridden|overrode|re-?priced|discounted/, tools: ['override_price'] },
  {
    verb: /reallocated|re-?routed|moved|transferred|switched/,
    tools: ['reallocate_order_line', 'transfer_stock'],
    needs: /\bline|\blocation|\bwarehouse|\bdc\b|\bstock|\bfrom\b|\bto\b/i,
  },
  {
    verb: /corrected|fixed|updated|changed|amended|standardi[sz]ed/,
    tools: 'nouns',
    needs: /\baddress|\bprice|\bstock|\binventory|\bcount/i,
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
// Compiled once: every sentence of every answer (streamed, step by step) goes through these.
const VERB_ENTRIES = ACTION_VERBS.map((entry) => ({ ...entry, exact: new RegExp(`^(?:${entry.verb.source})$`, 'i') }));

/** Words that make a clause something other than a statement that the action happened. */
const NOT_A_CLAIM =
  /\b(?:not|never|no longer|nothing|neither|nor|cannot|can't|couldn't|won't|wouldn't|isn't|wasn't|hasn't|haven't|didn't|don't|doesn't|aren't|weren't|unable|failed|pending|await\w*|once|if|unless|when|will|would|should|could|can|may|might|must|need\w*|require\w*|propos\w*|recommend\w*|suggest\w*|draft(?:ed)? (?:a|the) proposal|request(?:ed)? approval|for approval|to be|going to|about to|want|wish|asked me|yet to|whether)\b/i;

/** A clause that dates what it says: history from the records, not this run's action. */
const DATED =
  /\b(?:on|since) (?:\d|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\bago\b|\byesterday\b|\blast (?:week|month|year|\w+day)\b|\bearlier\b|\bpreviously\b|\bbefore (?:this|today)\b|\b\d{4}-\d{2}-\d{2}\b/i;
/** A sentence that attributes what it says to a record ("per the record", "the timeline shows"). */
const ATTRIBUTED =
  /\bper (?:the|its|their|this|that)\s+(?:\w+\s+)?(?:record|order|erp|history|log|timeline|system|audit trail)s?\b|\baccording to\b|\b(?:record|history|timeline|log|erp|audit trail|system)s?\s+(?:show|shows|showed|say|says|said|list|lists|listed|note|notes|noted)\b|\bas recorded\b|\bon (?:record|file)\b/i;
/**
 * A hold's end said as the absence of the hold ("no longer on hold", "the hold is off", "is now off
 * hold"): the same claim as "released", so it is read as that verb — before the negation check, to
 * which "no longer" would otherwise make it no claim at all. A real negation left in the clause ("is
 * not off hold yet") still makes it none.
 */
const HOLD_GONE: Array<[RegExp, string]> = [
  [/\bno longer (?:on hold|held|blocked)\b/gi, 'released'],
  [/\b(is|are|'s|was|were|now)\s+(now\s+)?off (?:hold|the hold)\b/gi, '$1 $2released'],
  [
    /\b(holds?\b(?:\s+\S+){0,6}?\s+(?:is|are|'s|was|were|has been|have been)\s+(?:now\s+)?)off(?=\s*(?:[.,;!]|$)|\s+(?:now|for|since|as|after|on|per)\b)/gi,
    '$1released',
  ],
];

function readHoldGone(clause: string): string {
  return HOLD_GONE.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), clause).replace(/\s+/g, ' ');
}

/** A clause whose subject is a record's status field ("the order's status is released", "status released"). */
const STATUS_SUBJECT = /\b(?:status|state)\b/i;

/** Claim forms: first person, perfect or simple passive, clause-initial past ("Refunded…"), headline ("Hold released."), "Done:", "is live/now on hold". */
const FIRST_PERSON = new RegExp(
  `\\b(?:I|we)(?:'ve|\\s+have|\\s+had|\\s+just|\\s+now|\\s+already|\\s+successfully)*\\s+(${VERB_ALTERNATION})\\b`,
  'i',
);
const PERFECT_PASSIVE = new RegExp(
  `\\b(?:has|have|had|'s)\\s+(?:now\\s+|already\\s+|just\\s+|successfully\\s+)?(?:been\\s+)?(${VERB_ALTERNATION})\\b`,
  'i',
);
const PAST_PASSIVE = new RegExp(`\\b(?:was|were|got)\\s+(?:now\\s+|just\\s+|successfully\\s+)?(${VERB_ALTERNATION})\\b`, 'i');
/** "is refunded" says what state a record is in; "is now refunded", "is successfully refunded" say it just changed. */
const PRESENT_STATE = new RegExp(`\\b(?:is|are)\\s+(${VERB_ALTERNATION})\\b`, 'i');
const PRESENT_CHANGE = new RegExp(`\\b(?:is|are)\\s+(?:now|just|successfully)\\s+(${VERB_ALTERNATION})\\b`, 'i');
const CLAUSE_INITIAL = new RegExp(
  `^(?:(?:all\\s+)?done|ok(?:ay)?|sure|great)?\\s*[:,!—–-]?\\s*(?:(?:and|also|then)\\s+)?(${VERB_ALTERNATION})\\b`,
  'i',
);
/** A short noun phrase and a bare participle, ended or followed by a preposition or an id: "Refund issued for H-0102". */
const HEADLINE = new RegExp(
  `^(?:[\\w'’$.#-]+\\s+){1,4}?(${VERB_ALTERNATION})(?=\\s*[.!]?\\s*$|\\s+(?:for|on|to|at|in|from|with|by|per|as|after|via|against|about|under|back|out|off|successfully)\\b|\\s+(?:order\\s+)?[A-Z][A-Z0-9]{0,7}-?\\d)`,
  'i',
);
const DONE_ALONE = /^(?:all\s+)?(?:done|complete|completed|finished|sorted|all set)\b/i;
const STATE_NOW =
  /\b(?:is|are|'s)\s+(?:now\s+)?(?:live|active|in place|in effect|on its way|through|complete)\b|\b(?:is|are)\s+now\s+(?:on hold|held|released|refunded|cancell?ed|corrected|updated|reallocated|synced|in sync)\b|\bnow (?:on hold|released|refunded|live)\b/i;

function toolsFromNouns(clause: string): string[] {
  return [...new Set(ACTION_NOUNS.filter(([noun]) => noun.test(clause)).flatMap(([, tools]) => tools))];
}

function toolsForVerb(verb: string, clause: string): string[] | undefined {
  const entry = VERB_ENTRIES.find(({ exact }) => exact.test(verb));
  if (!entry) return undefined;
  if (entry.needs && !entry.needs.test(clause)) return undefined;
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

interface Clause {
  text: string;
  /** Inside parentheses: describes what precedes it ("H-1001 (released)"), as a record lists it. */
  parenthetical: boolean;
  /** The value after a "status:" label. */
  labelled: boolean;
  /** For a parenthetical, the text before its opening parenthesis: what it describes. */
  subject: string;
}

const CLAUSE_BREAK = /([;:,()]|\s[—–-]\s|\b(?:and|but|while|whereas|so|then|also|although|though)\b)/i;

/** Splits a sentence into clauses at punctuation and the conjunctions that join independent statements, noting where each stands. */
function clausesOf(sentence: string): Clause[] {
  const pieces = sentence.split(CLAUSE_BREAK);
  const clauses: Clause[] = [];
  let depth = 0;
  let subject = '';
  for (let i = 0; i < pieces.length; i += 2) {
    const delimiter = i > 0 ? pieces[i - 1]!.trim() : '';
    if (delimiter === '(') {
      if (depth === 0) subject = pieces[i - 2] ?? '';
      depth += 1;
    } else if (delimiter === ')') depth = Math.max(0, depth - 1);
    const text = pieces[i]!.trim();
    const labelled = delimiter === ':' && /\b(?:status|state)\s*$/i.test(pieces[i - 2] ?? '');
    if (text) clauses.push({ text, parenthetical: depth > 0, labelled, subject: depth > 0 ? subject : '' });
  }
  return clauses;
}

/** The completion claims in one sentence (usually none or one). */
export function findCompletionClaims(sentence: string): CompletionClaim[] {
  const text = sentence.replace(/\s+/g, ' ').trim();
  if (!text) return [];
  const claims: CompletionClaim[] = [];
  // "Done: refunded and held" — the verbs of a sentence that opens with "Done" stand as claims even when bare.
  const opensDone = DONE_ALONE.test(text);
  const attributed = ATTRIBUTED.test(text);
  clausesOf(text).forEach((clause, index) => {
    const words = readHoldGone(clause.text);
    if (NOT_A_CLAIM.test(words)) return;
    // What the clause is: a report of a record (its status, a parenthetical, dated or attributed history) or a statement about now.
    const reportsRecord = clause.parenthetical || clause.labelled || STATUS_SUBJECT.test(words) || DATED.test(words) || attributed;
    let kind: CompletionClaim['kind'] = 'action';
    let verbMatch = FIRST_PERSON.exec(words);
    if (!verbMatch) {
      verbMatch = PRESENT_CHANGE.exec(words);
      if (!verbMatch && (verbMatch = PRESENT_STATE.exec(words))) kind = 'record';
      else if (!verbMatch) {
        verbMatch = PERFECT_PASSIVE.exec(words) ?? PAST_PASSIVE.exec(words) ?? CLAUSE_INITIAL.exec(words) ?? HEADLINE.exec(words);
        if (verbMatch && reportsRecord) kind = 'record';
      }
    }
    let tools = verbMatch ? toolsForVerb(verbMatch[1]!, words) : undefined;
    // A verb that needs its object ("put … on hold") finds it elsewhere in the sentence.
    if (!tools && verbMatch && (index === 0 || opensDone)) tools = toolsForVerb(verbMatch[1]!, text);
    if (!tools && STATE_NOW.test(words)) {
      const nouns = toolsFromNouns(words);
      tools = nouns.length ? nouns : toolsFromNouns(text);
      if (!tools.length) tools = undefined;
      kind = 'action';
    }
    if (!tools && index === 0 && DONE_ALONE.test(words)) {
      const rest = toolsFromNouns(text);
      tools = rest.length ? rest : [ANY_WRITE];
      kind = 'action';
    }
    if (!tools) return;
    // A clause names its entity, or a parenthetical describes the one before it, or the sentence names it.
    const ids = [idsIn(words), idsIn(clause.subject), idsIn(text)].find((found) => found.length) ?? [];
    claims.push({
      text: words,
      tools,
      ids,
      kind,
      ...(verbMatch ? { verb: verbMatch[1]!.toLowerCase() } : {}),
    });
  });
  return claims;
}

/** Whether a call concerns one of the ids (any id when only the tool is known). */
function concerns(call: ExecutedCall, ids: readonly string[]): boolean {
  if (call.args === undefined || !ids.length) return true;
  const args = JSON.stringify(call.args ?? {}).toUpperCase();
  return ids.some((id) => args.includes(id.toUpperCase()) || args.includes(id.toUpperCase().replace(/^[A-Z]+-/, '')));
}

/**
 * Whether the claim is true: this run executed one of its tools about one of the ids it names — or, for
 * a report of a record, a tool result this run read shows that state (never for a claim of acting now).
 */
export function claimHolds(claim: CompletionClaim, executed: readonly ExecutedCall[], observed: readonly ObservedResult[] = []): boolean {
  const candidates = claim.tools.includes(ANY_WRITE) ? executed : executed.filter((call) => claim.tools.includes(call.name));
  if (candidates.some((call) => concerns(call, claim.ids))) return true;
  return claim.kind === 'record' && recordShows(claim, observed);
}
