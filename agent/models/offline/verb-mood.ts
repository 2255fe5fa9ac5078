/**
 * Whether a clause asks for what its verb names or tells about it. "Hold it", "it has to stay here till
 * Friday", "should be kept back" ask for something; "what's blocking it", "the customer is waiting",
 * "it's been sitting there for three days", "klient czeka" tell what is, and a hold read from them would
 * be a hold nobody asked for. The test is the verb's form and what stands before it, not a list of phrases:
 * a verb in its base form asks (imperative, after a modal or "to"), unless a person is its subject (reps
 * writing Indian or Singapore English drop the "-s": "customer wait so long" tells); an inflected form
 * (-ing, -ed, -s) tells, unless it follows a modal's "be" ("should be held") or the order is its subject
 * ("it stays here until they pay"); and a question about what happens ("why …", "what's …", "is it …")
 * asks nothing to be done unless it carries a request cue ("can you …", "pls").
 */

// A clause that opens with a question word or an auxiliary asks about what is, not for an action.
// Words that open a clause without changing what it does ("ok so why …", "and is it …").
const OPENER = String.raw`^\s*(?:(?:ok|okay|so|and|but|then|hey|hi|bhai|eh|oh|also|btw)\b[\s,]*)*`;
const WH_OPENING = new RegExp(`${OPENER}(?:what|what's|whats|why|who|who's|where|where's|when|which|how)\\b`, 'i');
// "do not ship it" is an imperative, not a question.
const AUX_OPENING = new RegExp(
  `${OPENER}(?:is|isn't|are|aren't|was|wasn't|were|did|didn't|does|doesn't|do(?!\\s+not\\b)|has|hasn't|have|had)\\b`,
  'i',
);
/** Asking someone to act, in a question's form ("can you hold it?", "pls keep it back?"). */
const REQUEST_CUE =
  /\b(please|pls|plz|kindly|can you|could you|would you|will you|can u|could u|can we|could we|let'?s|i want|i'd like|need you to)\b/i;

/** Whether a clause is a question about what is ("what's blocking it", "why is it not released yet?", "is it held?"). */
export function isQuestionClause(clause: string): boolean {
  if (REQUEST_CUE.test(clause)) return false;
  return WH_OPENING.test(clause) || AUX_OPENING.test(clause);
}

/** People who can be a verb's subject: a verb right after one of them reports what that person does. */
const PERSON = new Set([
  'he',
  'she',
  'they',
  "he's",
  "she's",
  "they're",
  "he'll",
  "she'll",
  "they'll",
  "he'd",
  "she'd",
  "they'd",
  'customer',
  'customers',
  'client',
  'clients',
  'buyer',
  'buyers',
  'someone',
  'somebody',
  'everyone',
  'people',
  'dealer',
  'member',
]);
/** The order (or the thing) as the subject: "it stays here until they pay" is said of the order, a directive. */
const THING = new Set(['it', 'this', 'that', 'order', 'parcel', 'package', 'one']);
/** What lets an inflected form ask: "should be held", "needs to be kept back", "get it parked". */
const PASSIVE_AUXILIARY = new Set(['be', 'get', 'keep', 'stay', 'remain']);
const WANTING = new Set(['want', 'wants', 'wanted', 'need', 'needs', 'needed', 'like', 'prefer', 'prefers', 'asked', 'asks']);
const MODAL = new Set(['to', 'must', 'should', 'shall', 'will', 'would', 'can', 'could', 'may', 'might', 'need', 'needs', 'pls', 'please']);

/**
 * Whether the verb at `index` of the clause's words (wordsOf) is asked for. `base` is the verb's base
 * form (baseVerb): a word that is its own base form is the bare verb.
 */
export function verbAskedFor(words: readonly string[], index: number, base: string): boolean {
  const word = words[index]!.replace(/-/g, '');
  const previous = words[index - 1];
  if (word === base || word === base.replace(/-/g, '')) return previous === undefined || !PERSON.has(previous);
  // "-s" said of the order ("it stays in the warehouse until Friday") directs; said of a person it reports.
  if (word.endsWith('s') && !word.endsWith('ss') && previous !== undefined && THING.has(previous)) return true;
  // An inflected form asks only as a modal's passive: "should be held", "has to be kept back", "keep it parked".
  // "want KM/24/1187 kept back", "need it held till Monday": a participle after a verb of wanting asks.
  if (words.slice(Math.max(0, index - 6), index).some((candidate) => WANTING.has(candidate))) return true;
  const start = Math.max(0, index - 3);
  const auxiliary = words.slice(start, index).findIndex((candidate) => PASSIVE_AUXILIARY.has(candidate));
  if (auxiliary < 0) return false;
  // "get it parked", "keep it held" ask by themselves; "be" asks after a modal ("should be held") or opening the clause.
  const at = start + auxiliary;
  return words[at] !== 'be' || at === 0 || words.slice(Math.max(0, at - 2), at).some((candidate) => MODAL.has(candidate));
}
