/**
 * Requests recognised by their frame, not their phrase: what kind of verb acts on what. A refund is
 * money moving back to the customer ("give them back 75", "send 35 back", "we overcharged them by
 * 45 — fix it"); a hold is an order kept from moving ("delay it till next week", "keep it back",
 * "don't let it leave"). Each frame is a class of verbs plus the argument that makes it that request
 * (an amount, an excess, a negation, a time limit), so wordings the planner has never seen fall into
 * the same frame. Verb classes are closed lists matched after inflection ("kept" → "keep"); word-vector
 * neighbours were tried and left out: in the bundled vectors "cancel" sits next to "postpone" (0.81),
 * so a cancellation would have been read as a hold.
 */
import { wordsOf } from '../../../retrieval/index.ts';
import type { ActionIntent } from './intents.ts';
import { isQuestionClause, verbAskedFor } from './verb-mood.ts';

/** Verbs of handing money over; with "back" or an inherent "re-" they move money back to the customer. */
const GIVE = ['give', 'send', 'pay', 'return', 'hand', 'transfer', 'wire', 'credit', 'put'];
/** Verbs of the customer receiving money: "they should get 70 back", "make sure they receive the 20 back". */
const GET = ['get', 'receive'];
const GIVE_BACK = ['refund', 'reimburse', 'repay', 'compensate', 'rebate'];
/** An amount (or "money") followed closely by "back": money that goes back to the customer. */
const MONEY_BACK =
  /(?:\d(?:[.,]\d{1,2})?\s*(?:[€$£]|eur|euros?|usd|dollars?|gbp|pounds?|quid|chf|francs?)?|\bmoney)\s+(?:\w+\s+){0,2}?back\b/i;
/** Verbs of taking money; with an excess ("too much", "over", "twice") they name an overcharge. */
const CHARGE = ['charge', 'bill', 'invoice', 'capture', 'pay', 'debit'];
const OVER_CHARGE = ['overcharge', 'overbill', 'overpay', 'overcapture', 'double-charge'];
const EXCESS =
  /\b(too much|too high|more than|over(?:\s+by)?|extra|twice|double|duplicate[ds]?|again|(?:two|2) times|a second time|for the second time)\b|\b(?:two|three|2|3|several|multiple)\s+(?:\w+\s+)?(?:charges|payments|captures|debits|transactions)\b/i;
/** Verbs of keeping an order where it is. */
const KEEP = ['hold', 'pause', 'delay', 'postpone', 'halt', 'freeze', 'suspend', 'stop', 'defer', 'keep', 'park', 'block'];
/** Idioms of stopping something in its tracks ("put the brakes on it", "hold fire on it"). */
const KEEP_IDIOM = /\b(put|slam|hit)\w*\s+the\s+brakes?\s+on\b|\bhold\s+fire\b/i;
/**
 * An order taken off hold, in the words of the hold itself ("take it off hold", "take the hold off it").
 * "Hold" before "off" is the noun only after a determiner ("the hold", "its credit hold", "the credit
 * review hold"): "hold off on
 * shipping it" is the phrasal verb, which asks for the opposite (a hold).
 */
const OFF_HOLD =
  /\boff\s+(the\s+)?hold\b|\bout\s+of\s+hold\b|\b(the|that|this|its|their|his|her|our|any|those|these)\s+(\w+\s+){0,2}(holds?|blocks?)\b[^.,;]{0,15}\boff\b/i;
/** Everyday verbs of staying put: a hold only with a limit ("stay in the warehouse until …", "sit on it for a day"). */
const STAY = ['keep', 'stop', 'stay', 'remain', 'sit', 'hang', 'wait'];
/** Verbs of an order moving on; negated ("don't let it ship") they ask to keep it. */
const MOVE = ['ship', 'leave', 'go', 'send', 'dispatch', 'release', 'deliver', 'despatch', 'move', 'collect'];
/** Words that say how long or how far: a kept order stays "back", "here", "until Friday". */
const LIMIT =
  /\b(until|till|til|back|here|aside|for now|for the moment|over the weekend|in the (warehouse|building|depot|store)|(for )?(a|an|one|two|three|the next|a few|a couple( of)?|\d+)( more)? (days?|hours?|weeks?)|for the (morning|afternoon|day)|for a day or two)\b/i;
/**
 * Negations that forbid a move ("mustn't leave today", "should not go out", "do not ship it"), as
 * opposed to ones that report one ("it didn't ship"): imperative and modal negations only.
 */
const FORBID =
  /\b(don'?t|never|mustn'?t|shouldn'?t|can'?t|cannot|(do|must|should|can|may|is|are) not|not to( be)?|(make sure|ensure|see that)\b[^.]*?\b(doesn'?t|does not|won'?t|will not|isn'?t|is not))\b/i;
/** Verbs that undo a hold outright; "release"/"resume"/"lift" also when the order is known to be held. */
const UNKEEP = ['unhold', 'unpause', 'unfreeze', 'unpark', 'unblock', 'release', 'resume', 'lift'];
/**
 * Permission for an order to move on: "let it ship", "it can go now", "ok to send", "good to go", "go
 * ahead and ship". The modal has the order as its subject ("it can go"), never the rep's helper ("can
 * you send it from Dayton?" asks for something else).
 */
const PERMIT =
  /\blet\b|\b(you|we|they)\s+(can|may|could)\s+(now\s+)?(send|ship|release|dispatch)\b|\b(can|may|could)\s+(now\s+)?(go|ship|leave|be (shipped|sent|released|dispatched))\b|\b(ok(ay)?|fine|good|clear(ed)?|free|allowed|safe)\s+to\s+(go|ship|leave|send|release|dispatch)\b|\bgo ahead\b/i;

/** Permission to pass what stopped it: "let it through", "let the order pass", "wave it through". */
const LET_THROUGH =
  /\b(let|wave|waved|waving|lets)\s+(it|them|this|that|(the|this|that)\s+(order|one|parcel|shipment))\s+(through|pass|proceed)\b/i;

/**
 * Sending something on again: a verb of passing a document along with a repetition ("send it over
 * again", "kick it through once more", "give it another push", "resubmit it"). It asks for a retry of
 * the order's failed ERP sync only when the order's record shows one (the planner checks).
 */
const PASS_ON = ['send', 'push', 'kick', 'fire', 'submit', 'post', 'sync', 'try', 'run', 'put', 'pass', 'transmit', 'upload', 'export'];
const AGAIN =
  /\b(again|once more|one more time|another (go|push|try|shot|attempt|run|kick|nudge)|a second (go|try|push|attempt)|second attempt)\b/i;
const RE_PASS_ON = /\bre-?(send|sent|push|submit|post|sync|try|tried|transmit|upload|export)\w*\b/i;

/** Inflections folded onto the base verb ("delayed", "kept", "paying" → "delay", "keep", "pay"). */
const IRREGULAR: Record<string, string> = {
  kept: 'keep',
  gave: 'give',
  given: 'give',
  sent: 'send',
  paid: 'pay',
  went: 'go',
  gone: 'go',
  going: 'go',
  goes: 'go',
  left: 'leave',
  leaving: 'leave',
  overpaid: 'overpay',
  stopped: 'stop',
  stopping: 'stop',
  got: 'get',
  gotten: 'get',
  getting: 'get',
  sat: 'sit',
  sitting: 'sit',
  hung: 'hang',
  shipping: 'ship',
  held: 'hold',
  froze: 'freeze',
  frozen: 'freeze',
};

export function baseVerb(word: string): string {
  const lower = word.toLowerCase();
  if (IRREGULAR[lower]) return IRREGULAR[lower];
  for (const [suffix, replacement] of [
    ['ies', 'y'],
    ['ied', 'y'],
    ['ing', ''],
    ['ed', ''],
    ['es', ''],
    ['s', ''],
  ] as const) {
    if (lower.length > suffix.length + 2 && lower.endsWith(suffix)) {
      const stem = lower.slice(0, -suffix.length) + replacement;
      // "shipped" → "shipp" → "ship"; "charged" → "charg" → "charge".
      if (/([bdgmnprt])\1$/.test(stem)) return stem.slice(0, -1);
      if (/(rg|rs|ng|ur|ll|v|c)$/.test(stem) && !stem.endsWith('ll')) return `${stem}e`;
      return stem;
    }
  }
  return lower;
}

function inClass(word: string, members: readonly string[]): boolean {
  // A hyphenated compound is the closed word too: "over-charged" is "overcharged", "re-pay" is "repay".
  const candidates = word.includes('-') ? [word, word.replaceAll('-', '')] : [word];
  return candidates.some((candidate) => members.includes(baseVerb(candidate)) || members.includes(candidate.toLowerCase()));
}

export interface FrameMatch {
  intent: ActionIntent;
  /** The clause the frame was found in (its amount is the action's amount). */
  clause: string;
}

/**
 * A hold whose object is the customer's account, not one order: "put the whole account on credit hold",
 * "block their account until they pay", "nothing else goes out to them", "lift the account hold". An
 * account's name, number or holder is no such object ("the account holder's name is different").
 */
const ACCOUNT_OBJECT =
  /\b(?:the|their|his|her|its|whole|entire|customer'?s?|dealer'?s?|trade|credit)\s+(?:\w+\s+)?(?:account|a\/c)\b(?!\s*(?:holder|name|number|no\b|manager|details))|\baccount(?:[-\s](?:level|wide))?\s+(?:on\s+(?:a\s+)?(?:credit\s+)?)?(?:hold|block|freeze|stop)\b|\b(?:all|every)\s+(?:of\s+)?(?:their|his|her|the customer'?s?)\s+orders\b|\bnothing\s+(?:else\s+|more\s+)?(?:goes|ships|leaves|gets? (?:sent|shipped))\b[^.;]{0,20}\b(?:them|him|her)\b/i;

/** Whether a clause's hold or release is of the customer's whole account (a credit hold). */
export function namesAccountHold(clause: string): boolean {
  return ACCOUNT_OBJECT.test(clause);
}

/** A hold or release of the whole account is the account's credit hold; of anything else, the order's. */
function scoped(intent: ActionIntent, clause: string): ActionIntent {
  if (!namesAccountHold(clause)) return intent;
  return intent === 'hold' ? 'credit_hold' : intent === 'release_hold' ? 'release_credit_hold' : intent;
}

/**
 * The action a clause's frame asks for, if any. `hasAmount` says whether the clause carries a money
 * amount that is not an id.
 */
export function frameOf(clause: string, options: { hasAmount: boolean }): ActionIntent | undefined {
  const intent = orderFrameOf(clause, options);
  return intent ? scoped(intent, clause) : undefined;
}

function orderFrameOf(clause: string, options: { hasAmount: boolean }): ActionIntent | undefined {
  const words = wordsOf(clause);
  const has = (members: readonly string[]): boolean => words.some((word) => inClass(word, members));
  // Money back: "give them back 75", "send 35 back", "reimburse 20", "pay back the extra".
  // "How much can I give back …?" asks about an amount: the slot is there, unfilled.
  if (options.hasAmount || /\b(money|difference|extra|overcharge|overpayment|how much)\b/i.test(clause)) {
    if (has(GIVE_BACK)) return 'refund';
    if (/\bback\b/i.test(clause) && (has(GIVE) || has(GET))) return 'refund';
    // The money itself named as going back, whatever the verb: "we agreed €20 back", "30 quid back and she keeps it".
    if (MONEY_BACK.test(clause) && !has(MOVE.filter((verb) => verb !== 'send'))) return 'refund';
  }
  // An overcharge named as such: "we overcharged them by 45", "charged 18 too much", "billed twice".
  if (has(OVER_CHARGE) || (has(CHARGE) && EXCESS.test(clause))) return 'refund';
  // A question about what is ("what's blocking it", "why isn't it released yet?") asks for no hold, release or retry.
  if (isQuestionClause(clause)) return undefined;
  // Kept from moving: "don't let it leave", "do not ship it until they call" (an imperative negation).
  // "mustn't leave today", "should not go out", "not to be shipped before Monday".
  const forbid = FORBID.exec(clause);
  if (forbid && wordsOf(clause.slice(forbid.index + forbid[0].length)).some((word) => inClass(word, MOVE))) return 'hold';
  // Undone: "unfreeze it", "unpark 2611-0453.B", "release it", "lift the hold", "take it off hold".
  if (has(UNKEEP) || OFF_HOLD.test(clause)) return 'release_hold';
  if (KEEP_IDIOM.test(clause)) return 'hold';
  // Kept where it is: "delay it till next week", "keep it back", "pause it", "park it until Friday".
  // Only a verb asked for: "the customer is waiting", "it's been sitting there for days" tell what is (verb-mood.ts).
  const keeps = words.filter(
    (word, index) => (inClass(word, KEEP) || inClass(word, STAY)) && verbAskedFor(words, index, baseVerb(word.replaceAll('-', ''))),
  );
  if (keeps.length) {
    const general = keeps.every((word) => inClass(word, STAY));
    // "keep", "stop", "stay" are everyday words ("keep me posted", "stop the emails"): only with a limit or a move.
    if (!general || LIMIT.test(clause) || has(MOVE)) return 'hold';
  }
  // Allowed to move on ("it can go now", "let it ship", "release it"): a release when the order is held,
  // which only its record can tell (the planner checks before drafting).
  if (PERMIT.test(clause) && has(MOVE)) return 'release_hold';
  // Let through: "let it through", "let the order pass" — the order moving on past whatever stopped it.
  if (LET_THROUGH.test(clause)) return 'release_hold';
  // Passed on again: "send it over again", "give it another push", "resubmit it" — a retry, which the
  // planner drafts only when the order's record shows a failed ERP sync.
  if ((AGAIN.test(clause) && (has(PASS_ON) || /\b(push|go|try|shot|kick|nudge)\b/i.test(clause))) || RE_PASS_ON.test(clause))
    return 'retry_sync';
  return undefined;
}

/** Whether a text names an overcharge ("charged twice", "billed 18 too much", "overpaid"): its amount is in the records. */
export function namesOvercharge(text: string): boolean {
  const words = wordsOf(text);
  return words.some((word) => inClass(word, OVER_CHARGE)) || (words.some((word) => inClass(word, CHARGE)) && EXCESS.test(text));
}

/** The first clause whose frame asks for an action, with that action. */
export function requestFrame(clauses: readonly string[], amountIn: (clause: string) => boolean): FrameMatch | undefined {
  for (const clause of clauses) {
    const intent = frameOf(clause, { hasAmount: amountIn(clause) });
    if (intent) return { intent, clause };
  }
  return undefined;
}

/** Nouns of money taken from the customer, beside the verbs of taking it (CHARGE): a payment is what a hold of this kind is about. */
const PAYMENT_NOUNS = /\b(payments?|card|transactions?|captures?|charges?|psp|payment gateway)\b/i;

/**
 * Whether a text is about the payment ("what she paid doesn't match", "the card was charged twice",
 * "the payment looks off"): a verb of taking money in any inflection, or a noun of one.
 */
export function namesPayment(text: string): boolean {
  const words = wordsOf(text);
  return PAYMENT_NOUNS.test(text) || words.some((word) => inClass(word, CHARGE) || inClass(word, OVER_CHARGE));
}

/**
 * Every action the clauses' frames ask for, in the order named, reading the parts of a clause joined by
 * "and" on their own ("pls hold it and give back what we overcharged her" is a hold and a refund). One
 * frame per intent, with the part that carries it (its amount is the action's).
 */
export function requestFrames(clauses: readonly string[], amountIn: (clause: string) => boolean): FrameMatch[] {
  const found: FrameMatch[] = [];
  for (const clause of clauses) {
    for (const part of clause.split(/\s+(?:and|&|\+)\s+(?:also\s+|then\s+)?/i)) {
      const intent = frameOf(part, { hasAmount: amountIn(part) });
      if (intent && !found.some((match) => match.intent === intent)) found.push({ intent, clause: part });
    }
  }
  return found;
}
