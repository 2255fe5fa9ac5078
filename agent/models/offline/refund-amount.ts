/**
 * Which amount a refund is for, when a message (or a thread) carries several. The clause that asks for the
 * money back names it ("we took 248,98 zł but the order is 208,98. give her back the 40 zł" is 40); a clause
 * that names the money by what was too much ("give back the difference", "return the extra") means the excess
 * the order's record shows, not a figure the rep quoted to describe the charge; the turn's other amounts come
 * next, and an amount of an earlier turn only when this turn names none and no excess.
 */

/** Words that name money by what was too much: its amount is the excess on record. */
const NAMES_EXCESS =
  /\b(difference|extra|excess|surplus|overpaid|overpayment|overcharged?|over-charged?|overcapture[ds]?|too much|more than|double)\b/i;

export interface RefundAmountSources {
  /** Amounts of the clause that asks for the refund, in the order written. */
  clauseAmounts: readonly number[];
  /** The clause that asks for the refund (its words say whether it names an excess). */
  clause?: string;
  /** Amounts of this turn outside that clause (ids left out), in the order written. */
  turnAmounts: readonly number[];
  /** What the order's record shows was taken beyond its total, net of refunds, if anything. */
  excessOnRecord?: number;
  /** Whether the whole turn names an overcharge ("charged twice", "paid more than the bill"). */
  turnNamesOvercharge: boolean;
  /** Amounts earlier turns of the thread wrote, newest relevance first. */
  threadAmounts: readonly number[];
}

export function namesExcess(text: string): boolean {
  return NAMES_EXCESS.test(text);
}

/** The refund's amount, or undefined when nothing says it (the planner then asks for it). */
export function refundAmount(sources: RefundAmountSources): number | undefined {
  const own = sources.clauseAmounts.at(-1);
  if (own !== undefined) return own;
  if (sources.excessOnRecord !== undefined && (sources.turnNamesOvercharge || (sources.clause && namesExcess(sources.clause))))
    return sources.excessOnRecord;
  // "Give back the difference" with no excess on record: a figure quoted to describe the charge is not it, so ask.
  if (sources.clause && namesExcess(sources.clause)) return undefined;
  return sources.turnAmounts[0] ?? sources.threadAmounts[0];
}
