/**
 * Money amounts as people write them in any locale: the currency before or after the number ("€20",
 * "20 €", "EUR 45", "45 euros", "CHF 45.–"), a decimal point or a decimal comma ("12.50", "12,50"), and
 * thousands grouped by commas, points, apostrophes or spaces ("1,234.50", "1.234,50", "1'234.50",
 * "1 234,50"). One number reader serves every place the planner needs an amount, so a refund of
 * "12,50 €" is 12.5 and never 12 and 50.
 */

/** Symbols, ISO codes and words that mark a number as money (before or after it). */
// A word ends where no letter follows: `\b` is ASCII-only, so "zł" (ending in a non-ASCII letter) never met it.
// Rupees are written "Rs. 40/-" and "₹40" in India; "bucks" and "S$" are Singapore's everyday dollars.
const CURRENCY = String.raw`[$€£¥₣₹]|\b(?:usd|eur|gbp|chf|sek|nok|dkk|pln|czk|huf|cad|aud|nzd|jpy|inr|sgd|myr|hkd|idr|php|thb)\b|\brs\b\.?|\b(?:dollars?|euros?|eur|pounds?|francs?|kr|kn|rupees?|ringgit|bucks|z[łl](?:ot(?:y|ych|e))?)(?![\p{L}\p{N}])`;

/**
 * A number with optional grouping and decimals. Groups may be separated by ",", ".", "'", "’" or a
 * (narrow) space; the decimals by "." or ","; a trailing ".–"/",-" means whole units (Swiss and German price tags).
 */
// Indian grouping puts lakhs and crores in pairs before the last three digits ("1,20,000", "12,50,000").
const NUMBER = String.raw`\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?|\d{1,3}(?:(?:[,.'’]|[ \u00a0\u202f](?=\d{3}\b))\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
/** Without a currency, a space does not group digits: "refund 20 100 times" is not 20,100. */
const BARE_NUMBER = String.raw`\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?|\d{1,3}(?:[,.'’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
// ".–", ",-" (Swiss and German price tags) and "/-" (Indian ones) mean whole units.
const WHOLE_UNITS = '(?:[.,/][-–])?';
/**
 * A scale word after the number: "5 lakh" is 500,000, "2 crore" 20,000,000. Not "k": "417k" is an order
 * number with a check letter at some tenants, and a letter run on to digits is never money here.
 */
const SCALE = String.raw`(?:\s?(lakhs?|lacs?|crores?|thousand|grand)(?![\p{L}\p{N}]))?`;
const SCALES: Record<string, number> = { lakh: 1e5, lakhs: 1e5, lac: 1e5, lacs: 1e5, crore: 1e7, crores: 1e7, thousand: 1e3, grand: 1e3 };
const scaled = (value: number, scale: string | undefined): number =>
  scale ? Math.round(value * (SCALES[scale.toLowerCase()] ?? 1) * 100) / 100 : value;

/** A number as written, read as a value: the last separator followed by one or two digits is the decimal one. */
export function readNumber(written: string): number | undefined {
  const compact = written.replace(/[.,][-–]$/, '').replace(/[ \u00a0\u202f'’]/g, '');
  const decimal = /[.,](\d{1,2})$/.exec(compact);
  const whole = (decimal ? compact.slice(0, decimal.index) : compact).replace(/[.,]/g, '');
  if (!/^\d+$/.test(whole)) return undefined;
  const value = Number(decimal ? `${whole}.${decimal[1]}` : whole);
  return Number.isFinite(value) ? value : undefined;
}

function scaledNumber(written: string, scale: string | undefined): number | undefined {
  const value = readNumber(written);
  return value === undefined ? undefined : scaled(value, scale);
}

export interface MoneyMention {
  value: number;
  /** Where the mention (currency included) starts and ends in the text. */
  at: number;
  end: number;
  /** Whether a currency symbol, code or word marks it. */
  marked: boolean;
}

// A number is not money when it runs on into an id ("2025-IE-0414", "7100/22", "MED#31025") or a word ("14b").
const NOT_AFTER = String.raw`(?<![\w#/.,'’-])`;
const NOT_BEFORE = String.raw`(?![\w/#]|[-.,/]\w)`;

const MARKED_BEFORE = new RegExp(`(${CURRENCY})\\s?(${NUMBER})${SCALE}${WHOLE_UNITS}${NOT_BEFORE}`, 'giu');
const MARKED_AFTER = new RegExp(`${NOT_AFTER}(${NUMBER})${SCALE}${WHOLE_UNITS}\\s?(${CURRENCY})`, 'giu');
const BARE = new RegExp(`${NOT_AFTER}(${BARE_NUMBER})${SCALE}${WHOLE_UNITS}${NOT_BEFORE}`, 'giu');

/** Every number of a text that reads as money: marked by a currency first, then bare ones, in the order written. */
export function moneyMentions(text: string): MoneyMention[] {
  const found: MoneyMention[] = [];
  const taken = (at: number, end: number): boolean => found.some((mention) => at < mention.end && end > mention.at);
  for (const match of text.matchAll(MARKED_BEFORE)) {
    const value = scaledNumber(match[2]!, match[3]);
    const at = match.index ?? 0;
    if (value !== undefined) found.push({ value, at, end: at + match[0].length, marked: true });
  }
  for (const match of text.matchAll(MARKED_AFTER)) {
    const value = scaledNumber(match[1]!, match[2]);
    const at = match.index ?? 0;
    if (value !== undefined && !taken(at, at + match[0].length)) found.push({ value, at, end: at + match[0].length, marked: true });
  }
  for (const match of text.matchAll(BARE)) {
    const value = scaledNumber(match[1]!, match[2]);
    const at = match.index ?? 0;
    if (value !== undefined && !taken(at, at + match[0].length)) found.push({ value, at, end: at + match[0].length, marked: false });
  }
  return found.sort((a, b) => a.at - b.at);
}

/** Amounts a currency marks ("€20", "12,50 €", "EUR 1.234,50"), in the order written. */
export function markedAmounts(text: string): number[] {
  return moneyMentions(text)
    .filter((mention) => mention.marked && mention.value > 0)
    .map((mention) => mention.value);
}

/**
 * The amounts earlier turns wrote as money ("refund 1 200 zł on 4512"): a bare number in a follow-up that
 * equals one of them ("is the 1200 back on her card?") is that amount, not an order id.
 */
export function amountsWritten(texts: readonly string[]): number[] {
  return [...new Set(texts.flatMap((text) => markedAmounts(text)))];
}
