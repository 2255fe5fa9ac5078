/**
 * Intent by meaning for the offline planner: a request is compared, as a SIF sentence vector over
 * pretrained word vectors (retrieval's offline embedder), with example requests of each intent and
 * the description of the tool that serves it — so "send back the extra 45" is a refund and "stop
 * H-1002 from going out" a hold without either phrase being written down anywhere. Keyword cues
 * (intents.ts) still decide where they fire; meaning decides where they do not. Deterministic: the
 * same vectors and examples give the same scores.
 */
import type { WordVectors } from '../../../retrieval/index.ts';
import { cosine } from '../../../retrieval/index.ts';
import { ACTION_INTENTS, type ActionIntent, type ReadIntent } from './intents.ts';

/** Example requests per action, in everyday words (not the words the keyword cues look for). */
export const ACTION_EXAMPLES: Partial<Record<ActionIntent, string[]>> = {
  refund: [
    'refund the customer',
    'give the money back to the customer',
    'pay back the overcharge',
    'return the difference they paid',
    'reimburse the extra amount',
    'credit their card for the amount',
    'send the extra money back',
    'give back what they overpaid',
  ],
  hold: [
    'put it on hold',
    'stop it from shipping',
    'do not let it ship yet',
    'pause the order until the customer confirms',
    'keep it in the warehouse for now',
  ],
  release_hold: ['take it off hold', 'let it ship now', 'unblock it so it can go out'],
  retry_sync: ['push it to the erp again', 'try sending it to the erp once more', 'resubmit it to the erp'],
  reallocate: ['ship it from the other warehouse', 'move the line to another location with stock', 'fulfil it from another site'],
  backorder_notice: ['tell the customer it is delayed', 'let the customer know about the new date', 'email the buyer about the backorder'],
};

/** Example requests per read, the answers the copilot gives by looking things up. */
export const READ_EXAMPLES: Partial<Record<ReadIntent, string[]>> = {
  order_status: ['where is it', 'what is going on with it', 'any update on it', 'what is the status', 'check on it', 'look it up for me'],
  shipment: ['has it shipped yet', 'is it on its way', 'when will it arrive', 'has it left the warehouse'],
  inventory: ['how many do we have in stock', 'how many can we still sell', 'do we have any left', 'is it available anywhere'],
  customer: ['who is the customer', 'which customer placed it', 'who ordered it'],
  exceptions: [
    'which are at risk of shipping late',
    'what is likely to miss its ship date',
    'anything going to be late',
    'what needs attention today',
    'which orders are in trouble',
    'which orders are stuck or held up',
  ],
  procedure: [
    'what should i do about it',
    'how should we handle this',
    'what is the process for this',
    'what do we do when this happens',
    'what are the steps to fix it',
    'walk me through the fix',
    'what is the protocol here',
    'how do we deal with this',
  ],
};

/** Reads that ask one yes/no fact about an order, and the focus that answers it directly. */
export const READ_INTENT_FOCUS: Partial<Record<ReadIntent, 'shipped'>> = { shipment: 'shipped' };

export interface MeaningScores {
  actions: Array<{ intent: ActionIntent; score: number }>;
  reads: Array<{ intent: ReadIntent; score: number }>;
}

/** Minimum similarity for an intent recognised by meaning alone (tuned on the paraphrase split's dev half). */
export const ACTION_THRESHOLD = 0.55;
export const READ_THRESHOLD = 0.62;
/**
 * An action by meaning must beat every read, and the next action, by this much: "has it shipped yet?"
 * is a question, and a request as close to a hold as to a refund is too ambiguous to draft either.
 */
export const ACTION_MARGIN = 0.05;
export const ACTION_AMBIGUITY_MARGIN = 0.1;

const cache = new WeakMap<WordVectors, Map<string, Float32Array>>();

function vectorOf(vectors: WordVectors, text: string): Float32Array {
  let known = cache.get(vectors);
  if (!known) cache.set(vectors, (known = new Map()));
  let vector = known.get(text);
  if (!vector) known.set(text, (vector = vectors.sentenceVector(text)));
  return vector;
}

/** The request without ids and amounts, which carry no meaning for the intent. */
export function meaningText(text: string): string {
  return (
    text
      .replace(/[A-Za-z0-9-]*\d[A-Za-z0-9-]*|[A-Z]{2,}(?:-[A-Z0-9]+)+/g, ' ')
      .replace(/[$€£#]/g, ' ')
      // Nearly every request names an order; the word says nothing about what is wanted with it.
      .replace(/\b(the |this |that |an? )?orders?\b/gi, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function best(vectors: WordVectors, text: string, examples: readonly string[]): number {
  const query = vectorOf(vectors, text);
  if (!query.some((value) => value !== 0)) return 0;
  return Math.max(0, ...examples.map((example) => cosine(query, vectorOf(vectors, example))));
}

// A request is often one clause of a longer message ("… is only 90 — send back the extra 45"): the best of the whole and each clause.
function clauseBest(vectors: WordVectors, query: string, clauses: readonly string[], examples: readonly string[]): number {
  return Math.max(best(vectors, query, examples), ...clauses.map((clause) => best(vectors, clause, examples)));
}

/** Similarity of the request to each action and read, best first. */
export function scoreMeaning(vectors: WordVectors, text: string, offered: ReadonlySet<string> = new Set()): MeaningScores {
  const query = meaningText(text);
  const clauses = clausesOf(text).map(meaningText);
  const actions = (Object.keys(ACTION_EXAMPLES) as ActionIntent[])
    // Only actions whose tool is offered (all of them when the caller does not say).
    .filter((intent) => !offered.size || offered.has(ACTION_INTENTS[intent]))
    .map((intent) => ({ intent, score: clauseBest(vectors, query, clauses, ACTION_EXAMPLES[intent] ?? []) }))
    .sort((a, b) => b.score - a.score);
  const reads = (Object.keys(READ_EXAMPLES) as ReadIntent[])
    .map((intent) => ({ intent, score: clauseBest(vectors, query, clauses, READ_EXAMPLES[intent] ?? []) }))
    .sort((a, b) => b.score - a.score);
  return { actions, reads };
}

/** Clauses of a request ("… is only 90 — send back the extra 45"): where an action's arguments are. */
export function clausesOf(text: string): string[] {
  return (
    text
      // A comma between digits is a decimal or thousands separator ("R$ 25,00", "1,250"), not a clause break.
      .split(/\s*(?:[.;!?]\s+|(?<!\d),\s*|,(?!\d)\s*|[—–]\s*|\s-\s|\bbut\b|\band then\b)\s*/i)
      .map((clause) => clause.trim())
      .filter(Boolean)
  );
}

/** The clause that carries the action best (for its amount), or the whole text. */
export function actionClause(vectors: WordVectors, text: string, intent: ActionIntent): string {
  const examples = ACTION_EXAMPLES[intent] ?? [];
  const clauses = clausesOf(text);
  if (clauses.length < 2 || !examples.length) return text;
  return clauses.map((clause) => ({ clause, score: best(vectors, meaningText(clause), examples) })).sort((a, b) => b.score - a.score)[0]!
    .clause;
}
