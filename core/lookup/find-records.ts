/**
 * Entity linking against a tenant's own records: which order, SKU, location, customer, return,
 * shipment or invoice a word or id from a request names. Each term is looked up exactly first
 * (case and separators ignored: "so 10482", "SO10482" and "SO-10482" are one), then by its number
 * ("1003" and "26-04512" for "H-1003" and "ZAM-26-04512"), then by name words ("6204 bearings" → the SKU named "… bearing 6204-ZZ",
 * "Columbus" → location "Columbus DC"), then fuzzily (one typo in a code or name word of five
 * letters or more, never in its digits: "KL-088121" is another customer's number, not a typo of
 * "KL-088120", so it must read as not found rather than as the wrong person). Runs under the caller's row-level security, so another tenant's records never match.
 */
import type { Tx } from '../db/database.ts';

export const RECORD_KINDS = ['order', 'sku', 'location', 'customer', 'return', 'shipment', 'invoice'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** How a term matched: exact code, the code's number, words of the name (or code parts), or within one edit. */
export type MatchKind = 'exact' | 'number' | 'name' | 'fuzzy';

export interface RecordMatch {
  kind: RecordKind;
  /** The record's code as stored (order number, SKU code, RMA number…). */
  code: string;
  name: string | null;
  match: MatchKind;
  /** 1 for an exact code; lower for weaker matches. */
  score: number;
}

export interface TermMatches {
  term: string;
  matches: RecordMatch[];
}

const MATCH_SCORE: Record<MatchKind, number> = { exact: 1, number: 0.9, name: 0.75, fuzzy: 0.5 };
/** Named records (SKUs, locations, customers) a tenant may have; beyond this, names are matched in SQL only by code. */
const NAMED_LIMIT = 5000;

/** Upper-case letters and digits only: the form in which codes are compared. */
export function codeKey(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * Units of measure as product names write them, each folded onto one symbol so "30w", "30 W" and
 * "30 watts" are the same words. A closed class (SI and imperial units), not any tenant's words.
 */
const UNITS: ReadonlyMap<string, string> = new Map(
  [
    'w watt watts',
    'kw kilowatt kilowatts',
    'v volt volts',
    'mm millimetre millimeter millimetres millimeters',
    'cm centimetre centimeter centimetres centimeters',
    'm metre meter metres meters',
    'in inch inches',
    'ft foot feet',
    'g gram grams',
    'kg kilo kilos kilogram kilograms',
    'lb lbs',
    'ml millilitre milliliter millilitres milliliters',
    'l litre liter litres liters',
    'oz ounce ounces',
    'gb gigabyte gigabytes',
    'hz hertz',
  ].flatMap((line) => {
    const [symbol, ...names] = line.split(' ');
    return [symbol!, ...names].map((name) => [name, symbol!] as const);
  }),
);

/** Letters without their accents ("Conservatório" → "conservatorio", "kovač" → "kovac"): typed names often lack them. */
export function foldAccents(value: string): string {
  return value.normalize('NFD').replace(/\p{M}+/gu, '');
}

/**
 * Lower-case words of a name or code, singular ("bearings" → "bearing"), hyphenated words also whole,
 * accents folded, and a number with its unit split and the unit folded ("30w" → "30", "w"; "3m" → "3", "m").
 */
export function nameWords(value: string): string[] {
  const words = new Set<string>();
  for (const raw of foldAccents(value)
    .toLowerCase()
    .match(/[a-z0-9]+(?:-[a-z0-9]+)*/g) ?? []) {
    const parts = raw.includes('-') ? [raw.replace(/-/g, ''), ...raw.split('-')] : [raw];
    for (const part of parts) {
      if (!part) continue;
      const measure = /^(\d+)([a-z]{1,10})$/.exec(part);
      if (measure && UNITS.has(measure[2]!)) {
        words.add(measure[1]!);
        words.add(UNITS.get(measure[2]!)!);
        continue;
      }
      words.add(UNITS.get(part) ?? singular(part));
    }
  }
  return [...words];
}

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ches|shes|sses|xes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !/\d/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * Whether a typed word names a word of a record loosely: one typo ("bearng"), an abbreviation that
 * starts the word ("amp" → "amplifier"; for product names only, `abbreviations: false` otherwise), or the same stem in another
 * language or spelling ("conservatory" → "conservatorio").
 */
export function wordsLooselyMatch(typed: string, known: string, options: { abbreviations?: boolean } = {}): boolean {
  if (typed === known) return true;
  if (/\d/.test(typed) || /\d/.test(known)) return false;
  if (typed.length >= 5 && withinOneEdit(known, typed)) return true;
  if (options.abbreviations !== false && typed.length >= 3 && known.length >= typed.length + 3 && known.startsWith(typed)) return true;
  if (Math.min(typed.length, known.length) < 7) return false;
  let common = 0;
  while (common < typed.length && typed[common] === known[common]) common++;
  return common >= Math.max(6, Math.max(typed.length, known.length) - 3);
}

/** At most one insertion, deletion or substitution apart. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** The digits of a code or word, in order: what must agree before a one-edit difference counts as a typo. */
function digitsOf(value: string): string {
  return value.replace(/[^0-9]/g, '');
}

/** Within one edit, the edit not touching a digit: numbers in ids identify, so a different digit is a different record. */
function typoOf(known: string, term: string): boolean {
  return digitsOf(known) === digitsOf(term) && withinOneEdit(known, term);
}

interface NamedRecord {
  kind: RecordKind;
  code: string;
  name: string | null;
  key: string;
  words: string[];
}

async function namedRecords(tx: Tx): Promise<NamedRecord[]> {
  const rows = await tx.query<{ kind: RecordKind; code: string; name: string | null }>(
    `(SELECT 'sku' AS kind, code, name FROM skus WHERE active ORDER BY code LIMIT ${NAMED_LIMIT})
     UNION ALL (SELECT 'location', code, name FROM locations WHERE active ORDER BY code LIMIT ${NAMED_LIMIT})
     UNION ALL (SELECT 'customer', code, name FROM customers ORDER BY code LIMIT ${NAMED_LIMIT})`,
  );
  return rows.rows.map((row) => ({
    ...row,
    key: codeKey(row.code),
    words: [...new Set([...nameWords(row.code), ...nameWords(row.name ?? '')])],
  }));
}

// Documents with a number: their code column (and a second reference such as a tracking number).
const NUMBERED_SQL = `
  SELECT 'order' AS kind, number AS code, NULL AS alt FROM orders
  UNION ALL SELECT 'return', rma_number, NULL FROM returns
  UNION ALL SELECT 'shipment', external_ref, tracking_number FROM shipments
  UNION ALL SELECT 'invoice', invoice_number, NULL FROM invoices`;

/** The digit groups of a code or term ("ZAM-26-04512" → ["26", "04512"]). */
function digitGroups(value: string): string[] {
  return value.match(/[0-9]+/g) ?? [];
}

const withoutLeadingZeros = (digits: string): string => digits.replace(/^0+(?=\d)/, '');

/**
 * True when a term written as numbers only names the code by its trailing number groups: "4512",
 * "04512" and "26-04512" all name "ZAM-26-04512" (a year or series prefix left out, leading zeros
 * left out of the last group), "1003" names "H-1003". Groups are compared whole, so "26-04512"
 * never names "ZAM-25-04512"; a number written with thousands separators ("204.538", "204 538") is
 * one number and names "PV-204538", never "…-00538".
 */
export function namesByNumber(code: string, term: string): boolean {
  // "204.538", "204,538", "204 538": one number written with thousands separators.
  const termGroups = /^\d{1,3}(?:[.,\s\u00a0\u202f]\d{3})+$/.test(term.trim()) ? [digitGroups(term).join('')] : digitGroups(term);
  const codeGroups = digitGroups(code);
  if (termGroups.length === 0 || termGroups.length > codeGroups.length) return false;
  const tail = codeGroups.slice(codeGroups.length - termGroups.length);
  return termGroups.every((group, index) =>
    index === termGroups.length - 1 ? withoutLeadingZeros(group) === withoutLeadingZeros(tail[index]!) : group === tail[index],
  );
}

async function numberedMatches(tx: Tx, term: string): Promise<RecordMatch[]> {
  const key = codeKey(term);
  if (!key) return [];
  // A term of numbers only (three or more significant digits) also names a code by its trailing number groups.
  const groups = /^[0-9\s.,/#-]+$/.test(term.trim()) ? digitGroups(term) : [];
  const thousands = /^\d{1,3}(?:[.,\s\u00a0\u202f]\d{3})+$/.test(term.trim());
  const lastNumber = groups.length > 0 ? withoutLeadingZeros(thousands ? groups.join('') : groups[groups.length - 1]!) : '';
  const byNumber = lastNumber.length >= 3 || (groups.length > 1 && lastNumber.length > 0) ? lastNumber : null;
  const rows = await tx.query<{ kind: RecordKind; code: string; alt: string | null }>(
    `SELECT kind, code, alt FROM (${NUMBERED_SQL}) AS documents
      WHERE code IS NOT NULL
        AND (upper(regexp_replace(code, '[^A-Za-z0-9]', '', 'g')) = $1
         OR (alt IS NOT NULL AND upper(regexp_replace(alt, '[^A-Za-z0-9]', '', 'g')) = $1)
         OR ($2::text IS NOT NULL AND regexp_replace(substring(code from '([0-9]+)[^0-9]*$'), '^0+(?=[0-9])', '') = $2))
      ORDER BY kind, code LIMIT 20`,
    [key, byNumber],
  );
  return rows.rows
    .filter((row) => {
      const exact = codeKey(row.code) === key || (row.alt !== null && codeKey(row.alt) === key);
      return exact || namesByNumber(row.code, term);
    })
    .slice(0, 10)
    .map((row) => {
      const exact = codeKey(row.code) === key || (row.alt !== null && codeKey(row.alt) === key);
      return { kind: row.kind, code: row.code, name: row.alt, match: exact ? 'exact' : 'number', score: 0 };
    });
}

function namedMatches(records: readonly NamedRecord[], term: string): RecordMatch[] {
  const key = codeKey(term);
  const words = nameWords(term);
  const found: RecordMatch[] = [];
  for (const record of records) {
    let match: MatchKind | undefined;
    if (key && record.key === key) match = 'exact';
    else if (words.length && words.every((word) => record.words.includes(word))) match = 'name';
    else if (key.length >= 5 && typoOf(record.key, key)) match = 'fuzzy';
    // Abbreviations are how products are named ("30w amp"); a customer's or a site's name is not shortened
    // that way, and a code prefix ("MED" of "MED#31025") must not pass for one.
    else if (
      words.length &&
      words.every((word) => record.words.some((known) => wordsLooselyMatch(word, known, { abbreviations: record.kind === 'sku' })))
    )
      match = 'fuzzy';
    if (match) found.push({ kind: record.kind, code: record.code, name: record.name, match, score: 0 });
  }
  return found;
}

/**
 * The records each term names, best first (exact before number before name before fuzzy; at most
 * `limit` per term). A term that names nothing comes back with no matches.
 */
export async function findRecords(tx: Tx, terms: readonly string[], options: { limit?: number } = {}): Promise<TermMatches[]> {
  const limit = options.limit ?? 5;
  const records = await namedRecords(tx);
  const results: TermMatches[] = [];
  for (const term of terms) {
    const matches = [...(await numberedMatches(tx, term)), ...namedMatches(records, term)].map((match) => ({
      ...match,
      score: MATCH_SCORE[match.match],
    }));
    // Only the strongest kind of match counts: an exact code hides name look-alikes of the same term.
    const best = Math.max(0, ...matches.map((match) => match.score));
    const kept = matches
      .filter((match) => match.score === best)
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.code.localeCompare(b.code));
    results.push({ term, matches: kept.slice(0, limit) });
  }
  return results;
}
