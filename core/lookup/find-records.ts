/**
 * Entity linking against a tenant's own records: which order, SKU, location, customer, return,
 * shipment or invoice a word or id from a request names. Each term is looked up exactly first
 * (case and separators ignored: "so 10482", "SO10482" and "SO-10482" are one), then by part of an id
 * ("1003", "d88", "417k", "tr 88" for "H-1003", "D0088KA", "SA2612-00417K", "TR_2612.0088": the runs of
 * letters and digits written must be runs of the id, ending at its serial — id-segments.ts), then by
 * name words ("6204 bearings" → the SKU named "… bearing 6204-ZZ", "Columbus" → location "Columbus DC",
 * "ananya" → customer "Ananya Rao"), then fuzzily (one typo in a code or name word of five letters or
 * more, never in its digits: "KL-088121" is another customer's number, not a typo of "KL-088120", so it
 * must read as not found rather than as the wrong person). A term that fits several records of a kind
 * returns them all, so the caller can ask which one. Runs under the caller's row-level security, so
 * another tenant's records never match.
 */
import type { Tx } from '../db/database.ts';
import { codeKey, numberedMatches } from './numbered-matches.ts';

export { codeKey };

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

/**
 * Letters that carry no combining mark, so NFD leaves them whole, as they are typed on a keyboard
 * without them ("Michał" → "Michal", "Þórunn" → "Thorunn", "Straße" → "Strasse").
 */
const PLAIN_LETTERS: Readonly<Record<string, string>> = {
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'Th',
  æ: 'ae',
  Æ: 'Ae',
  œ: 'oe',
  Œ: 'Oe',
  ß: 'ss',
  ı: 'i',
};

/** Letters without their accents ("Conservatório" → "conservatorio", "kovač" → "kovac"): typed names often lack them. */
export function foldAccents(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[łŁøØđĐðÐþÞæÆœŒßı]/g, (letter) => PLAIN_LETTERS[letter] ?? letter);
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
    const scored = [...(await numberedMatches(tx, term)), ...namedMatches(records, term)].map((match) => ({
      ...match,
      score: MATCH_SCORE[match.match],
    }));
    // A customer can answer both by its code's serial and by its name: once, at its strongest.
    const strongest = new Map<string, RecordMatch>();
    for (const match of scored) {
      const known = strongest.get(`${match.kind}:${match.code}`);
      if (!known || match.score > known.score) strongest.set(`${match.kind}:${match.code}`, match);
    }
    const matches = [...strongest.values()];
    // Only the strongest kind of match counts: an exact code hides name look-alikes of the same term.
    const best = Math.max(0, ...matches.map((match) => match.score));
    const kept = matches
      .filter((match) => match.score === best)
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.code.localeCompare(b.code));
    results.push({ term, matches: kept.slice(0, limit) });
  }
  return results;
}
