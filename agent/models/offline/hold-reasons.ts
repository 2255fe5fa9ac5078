/**
 * A hold's reason code from what the rep says the hold is for. Named reasons first ("the customer asked",
 * "fraud", "credit"); then the reason by what the words are about: the payment in any words of paying
 * ("what she paid doesn't match the total", "the card looks off"), the ERP in ops words ("the books") or by
 * the name the order's own ERP record gives it ("until Protheus has it" when the record's sync error
 * names Protheus). Without one of these the planner asks for the reason rather than guessing.
 */
import { wordsOf } from '../../../retrieval/index.ts';
import { ERP_WORDS } from './intents.ts';
import { baseVerb, namesPayment } from './request-frames.ts';
import { isRecord } from './result-reading.ts';

/**
 * Suspicion of fraud in everyday words and other languages' ("something fishy", "looks dodgy", "podejrzane",
 * "verdächtig", "gadbad"), or an identity that does not match ("card holder name is different from the
 * account"): a fraud review, whoever reported it. Word stems, accents folded by wordsOf.
 */
const SUSPICION =
  /^(fraud\w*|fishy|suspicious\w*|suspect(ed)?|sus|sketchy|dodgy|shady|scam\w*|stolen|fake|phish\w*|impersonat\w*|oszust\w*|podejrz\w*|betrug\w*|betrueg\w*|verdacht\w*|verdaecht\w*|verdachtig\w*|fraude\w*|frode|sospett\w*|sospech\w*|suspeit\w*|dhokha|gadbad)$/;
const IDENTITY_MISMATCH =
  /\b(card ?holder|name on the card|billing name|account holder|holder'?s? name)\b[^.;]{0,40}\b(different|differs|doesn'?t match|does not match|not (the )?same|mismatch\w*|other)\b/i;
/** Verbs (and the noun) of ordering: repeated, they name a duplicate order ("placed it twice", "two same orders"). */
const ORDERING = new Set(['order', 'place', 'book', 'submit', 'checkout', 'buy', 'purchase']);
const REPEATED = /\b(twice|two times|2 times|double|duplicate\w*|dupe\w*|same order|two same|two identical)\b/i;

/** What a hold is for, read by meaning before who asked: a suspected fraud, an order placed twice. */
export function reasonByMeaning(text: string): string | undefined {
  const words = wordsOf(text);
  if (words.some((word) => SUSPICION.test(word)) || IDENTITY_MISMATCH.test(text)) return 'FRAUD-REVIEW';
  // Charged twice is the payment's problem; ordered twice the order's.
  if (REPEATED.test(text) && words.some((word) => ORDERING.has(baseVerb(word))) && !namesPayment(text)) return 'DUP-CHECK';
  return undefined;
}

const CUSTOMER_ASKS =
  /\b(customer|buyer|client)\s+(?:\w+\s+)?(ask(s|ed)?|request(s|ed)?|wants?|wanted|would like|needs?|call(s|ed)?|rang|phoned|emailed|messaged|wrote|said|confirms?|decides?|repl(y|ies)|gets? back)\b|\bat the customer'?s request|\bcustomer request|\bfor (the|a|this|that|our) (customer|buyer|client)\b/i;

/** Reasons named outright, in the order they are tried. */
export const NAMED_HOLD_REASONS: ReadonlyArray<readonly [RegExp, string]> = [
  [CUSTOMER_ASKS, 'CUSTOMER-REQ'],
  [/\bfraud/i, 'FRAUD-REVIEW'],
  [/\bduplicate/i, 'DUP-CHECK'],
  [/\baddress/i, 'ADDR-CHECK'],
  [/\bcredit/i, 'CREDIT-REVIEW'],
  [/\binvoice/i, 'INV-MISMATCH'],
  [/\b(payment|charged|capture|overcharg|double charge)/i, 'PAY-MISMATCH'],
  [ERP_WORDS, 'ERP-PENDING'],
  [/\b(quality|qa|inspection)\b/i, 'QA-HOLD'],
  [/\bstock\b/i, 'STOCK-CHECK'],
];

/** The customer (or a customer the rep named) is the reason the order waits, whatever the verb. */
const CUSTOMER_IS_REASON = /\b(customer|buyer|client)s?\b(?!\s+(code|number|id|record|account|credit|invoice))|\bcancel/i;

/**
 * Proper names the order's ERP record gives its ERP ("Pedido de venda already exists in Protheus …"):
 * capitalised words of the sync error that are not the order's own number.
 */
function erpNamesOnRecord(order: unknown): string[] {
  if (!isRecord(order) || !isRecord(order.erp)) return [];
  const texts = Object.values(order.erp).filter((value): value is string => typeof value === 'string');
  const number = typeof order.orderNumber === 'string' ? order.orderNumber.toLowerCase() : '';
  const names = texts.flatMap((text) => text.match(/(?<![\p{L}\d])\p{Lu}[\p{L}\d]{3,}/gu) ?? []);
  return [...new Set(names.map((name) => name.toLowerCase()))].filter((name) => name !== number && !number.includes(name));
}

/** The reason code of a hold the rep asks for, from their words and the order's record (get_order's result). */
export function holdReasonCode(text: string, order?: unknown): string | undefined {
  const named = reasonByMeaning(text) ?? NAMED_HOLD_REASONS.find(([pattern]) => pattern.test(text))?.[1];
  if (named) return named;
  if (namesPayment(text)) return 'PAY-MISMATCH';
  const words = new Set(text.toLowerCase().match(/[\p{L}\d]+/gu) ?? []);
  if (erpNamesOnRecord(order).some((name) => words.has(name))) return 'ERP-PENDING';
  return CUSTOMER_IS_REASON.test(text) ? 'CUSTOMER-REQ' : undefined;
}

/** The reason code a rep names when asking to release a hold ("take the credit review hold off"), if any. */
export function namedHoldReason(text: string): string | undefined {
  return NAMED_HOLD_REASONS.find(([pattern]) => pattern.test(text))?.[1] ?? (CUSTOMER_IS_REASON.test(text) ? 'CUSTOMER-REQ' : undefined);
}
