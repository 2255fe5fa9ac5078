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

/** Verbs of handing money over; with "back" or an inherent "re-" they move money back to the customer. */
const GIVE = ['give', 'send', 'pay', 'return', 'hand', 'transfer', 'wire', 'credit', 'put'];
const GIVE_BACK = ['refund', 'reimburse', 'repay', 'compensate', 'rebate'];
/** Verbs of taking money; with an excess ("too much", "over", "twice") they name an overcharge. */
const CHARGE = ['charge', 'bill', 'invoice', 'capture', 'pay', 'debit'];
const OVER_CHARGE = ['overcharge', 'overbill', 'overpay', 'overcapture', 'double-charge'];
const EXCESS = /\b(too much|too high|more than|over(?:\s+by)?|extra|twice|double|duplicate|again)\b/i;
/** Verbs of keeping an order where it is. */
const KEEP = ['hold', 'pause', 'delay', 'postpone', 'halt', 'freeze', 'suspend', 'stop', 'defer', 'keep', 'park'];
/** Verbs of an order moving on; negated ("don't let it ship") they ask to keep it. */
const MOVE = ['ship', 'leave', 'go', 'send', 'dispatch', 'release', 'deliver', 'despatch', 'move', 'collect'];
/** Words that say how long or how far: a kept order stays "back", "here", "until Friday". */
const LIMIT = /\b(until|till|til|back|here|aside|for now|for the moment|for a (few|couple of) days|over the weekend)\b/i;

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
 * The action a clause's frame asks for, if any. `hasAmount` says whether the clause carries a money
 * amount that is not an id.
 */
export function frameOf(clause: string, options: { hasAmount: boolean }): ActionIntent | undefined {
  const words = wordsOf(clause);
  const has = (members: readonly string[]): boolean => words.some((word) => inClass(word, members));
  // Money back: "give them back 75", "send 35 back", "reimburse 20", "pay back the extra".
  if (options.hasAmount || /\b(money|difference|extra|overcharge|overpayment)\b/i.test(clause)) {
    if (has(GIVE_BACK)) return 'refund';
    if (/\bback\b/i.test(clause) && has(GIVE)) return 'refund';
  }
  // An overcharge named as such: "we overcharged them by 45", "charged 18 too much", "billed twice".
  if (has(OVER_CHARGE) || (has(CHARGE) && EXCESS.test(clause))) return 'refund';
  // Kept from moving: "don't let it leave", "do not ship it until they call" (an imperative negation).
  const negation = words.findIndex((word, index) => /^(don't|dont|never)$/.test(word) || (word === 'do' && words[index + 1] === 'not'));
  if (negation >= 0 && words.slice(negation + 1).some((word) => inClass(word, MOVE))) return 'hold';
  // Kept where it is: "delay it till next week", "keep it back", "pause it", "park it until Friday".
  const keeps = words.filter((word) => inClass(word, KEEP));
  if (keeps.length) {
    const general = keeps.every((word) => ['keep', 'stop'].includes(baseVerb(word)));
    // "keep" and "stop" are everyday words ("keep me posted", "stop the emails"): only with a limit or a move.
    if (!general || LIMIT.test(clause) || has(MOVE)) return 'hold';
  }
  return undefined;
}

/** The first clause whose frame asks for an action, with that action. */
export function requestFrame(clauses: readonly string[], amountIn: (clause: string) => boolean): FrameMatch | undefined {
  for (const clause of clauses) {
    const intent = frameOf(clause, { hasAmount: amountIn(clause) });
    if (intent) return { intent, clause };
  }
  return undefined;
}
