/**
 * Entity linking for the offline planner: which words of a request to look up with `find_records`,
 * and what the lookup found. A token is an order, SKU, location or customer because the tenant's
 * records say so, not because of its shape — "COL-DC" is a location where a location has that code,
 * "1003" the order H-1003, "Miller" the customer Miller Fabrication. Ordinary words ("customer",
 * "order", "stock") are never looked up as names: they are the vocabulary of the tools themselves.
 */
import type { Entities, RecordChoice } from './entities.ts';
import type { ToolExchange } from './conversation.ts';
import { isRecord } from './result-reading.ts';
import { POSTCODE_LABEL, UNIT_WORDS } from './address-span.ts';

export const FIND_RECORDS = 'find_records';

// Function words and everyday words of requests; never names of records.
const STOP_WORDS = new Set(
  (
    'a an the and or but if then so to of in on at by for with from into onto about as is are was were be been being ' +
    'do does did done have has had having i me my we us our you your he she it its they them their this that these those ' +
    'what which who whom whose when where why how any some all each every no not yes please thanks thank can could would ' +
    'should will shall may might must just still yet also too very much many more most less least up down out off over ' +
    "again now today tomorrow yesterday week weeks day days month next last few there here than there's what's where's " +
    "it's let's we're they're i'm don't doesn't didn't can't won't isn't aren't hasn't haven't get got give gave go going " +
    'went make made take took tell told say said ask asked call called want wanted need needed know think see look pull ' +
    'show find check sort fix happen happening happened news update thing things something anything everything ' +
    'someone anyone because until while since only even really right ok okay hi hello hey sure quick whole full extra ' +
    'likely risk late early soon new old same other another one two three four five six seven eight nine ten per via'
  ).split(/\s+/),
);

/** The tools' own vocabulary ("customer", "order", "shipment", "refund"…): request words, never record names. */
export function toolVocabulary(descriptions: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const description of descriptions) {
    // Quoted and bracketed parts are examples ("6204 bearings", "Miller"), not the tools' own words.
    const own = description.replace(/"[^"]*"|“[^”]*”|\([^)]*\)/g, ' ');
    for (const word of own.toLowerCase().match(/[a-z]+/g) ?? []) {
      words.add(word);
      if (word.endsWith('s')) words.add(word.slice(0, -1));
      else words.add(`${word}s`);
    }
  }
  return words;
}

/**
 * Below this frequency rank a word is everyday English (the bundled vectors rank 200,000 words by
 * frequency: "paris" 950, "weather" 1,505, "rental" 7,511); above it, or unknown to them, a word is most
 * likely a name — a person's ("nowak" 23,193, "katarzyna" 63,571), a product's or a place's — or a word
 * of another language ("kask", "dętki").
 */
export const RARE_WORD_RANK = 20_000;

/** Whether a word is rarer than everyday English, so worth looking up as a name even in a message with no operations word. */
export function isRareWord(rank: (word: string) => number | undefined, word: string): boolean {
  if (/\d/.test(word)) return false;
  const known = rank(word.toLowerCase());
  return known === undefined || known >= RARE_WORD_RANK;
}

export interface LookupTerm {
  term: string;
  /** Where the term starts in the message (links keep the order the rep named things in). */
  at: number;
  /** A token shaped like an id (digits, or an upper-case code with a hyphen), as opposed to a name word. */
  idLike: boolean;
  /** The kind of record the lookup linked the term to, once it has answered. */
  names?: string;
  /**
   * A number written with thousands separators ("204.538"): an order number only if the tenant has
   * one with these digits, otherwise most likely a quantity or an amount.
   */
  grouped?: boolean;
  /**
   * Too short to be an id by its shape ("457", "tr 88"): looked up, but read as an id (`idLike`) only
   * once a record answers to it (`namedTerms`); otherwise it stays a number or a word of the message.
   */
  tentative?: boolean;
}

/** Digits grouped in threes by a point or an apostrophe ("204.538", "1'250"); a comma group is read in its own token. */
const GROUPED_NUMBER = /^\d{1,3}(?:[.'’]\d{3})+$/;

const ORDER_CUE = /(?:\border(?:s)?\s*(?:number|no\.?|num|#)?\s*[:#]?\s*|#|\bno\.\s*)$/i;
/** Any currency sign ("₹", "$", "S$") or a currency code or word just before a number. */
const AMOUNT_CUE = /(?:\p{Sc}|\b(?:usd|eur|gbp|inr|sgd|rs|rp|chf)\.?)\s?$/iu;
/** A number after a unit word or a postal-code label is part of an address ("apartamento 1203", "PLZ 53111"), not an id. */
const ADDRESS_CUE = new RegExp(`(?:\\b(?:${UNIT_WORDS})\\.?|${POSTCODE_LABEL.source})\\s*(?:no\\.?|nr\\.?|#)?\\s*$`, 'i');
const AMOUNT_AFTER =
  /^\s*(?:usd|eur|gbp|inr|sgd|rs\b|rupees?|bucks|dollars|euros|\/-|%|percent|units?|pcs|pieces|items?|days?|hours?|mins?\b|minutes?|h\b|d\b)/i;
/** A short letter run before a number may be the letters of an id written apart ("tr 88", "d 93"). */
const LETTERS_BEFORE_NUMBER = /^\s+(\d{1,10})(?![\p{L}\p{N}])/u;

/**
 * Words and ids of a message worth looking up: id-like tokens (not amounts; a bare number of fewer
 * than four digits only after "order"/"#"), and name words that are neither function words nor the
 * tools' vocabulary ("bearings", "Columbus", "Miller").
 */
export function lookupTerms(text: string, vocabulary: ReadonlySet<string>): LookupTerm[] {
  const terms: LookupTerm[] = [];
  const seen = new Set<string>();
  const add = (term: string, at: number, idLike: boolean, flag?: 'grouped' | 'tentative'): void => {
    const key = term.toLowerCase();
    if (seen.has(key) || terms.length >= 20) return;
    seen.add(key);
    terms.push({ term, at, idLike, ...(flag ? { [flag]: true } : {}) });
  };
  // Letters of any script: "kovač" and "Koroška" are one word each, not "kova" and "Koro" + "ka".
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:[-_./][\p{L}\p{N}]+)*/gu)) {
    const token = match[0];
    const at = match.index ?? 0;
    const before = text.slice(Math.max(0, at - 24), at);
    const after = text.slice(at + token.length, at + token.length + 12);
    if (/\d/.test(token)) {
      if (GROUPED_NUMBER.test(token) && token.replace(/\D/g, '').length >= 5) {
        // "order 204.538": the digits may be an order number written with a thousands separator. The
        // lookup tries them against the tenant's records; money ("R$ 1.680,00") is not looked up.
        if (AMOUNT_CUE.test(before) || AMOUNT_AFTER.test(after) || /^[.,]\d/.test(after)) continue;
        add(token, at, true, 'grouped');
        continue;
      }
      if (ADDRESS_CUE.test(before)) continue;
      if (/^\d+(?:\.\d+)?$/.test(token)) {
        // Amounts and quantities are numbers too; only an order cue or a long number makes one worth a lookup.
        if (AMOUNT_CUE.test(before) || AMOUNT_AFTER.test(after) || token.includes('.')) continue;
        if (token.length < 3) continue;
        // Three digits ("457" for W2612-0457) may be the end of an order number, or a quantity: an id
        // only if a record answers to it. The tail of a number grouped by commas ("1,999") is neither.
        if (token.length < 4 && !ORDER_CUE.test(before)) {
          if (!/\d[,.'’]$/.test(before) && !/^[,.'’]\d/.test(after)) add(token, at, false, 'tentative');
          continue;
        }
      }
      add(token, at, true);
      continue;
    }
    if (/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/.test(token)) {
      add(token, at, true);
      continue;
    }
    const word = token.toLowerCase();
    // "tr 88", "D 93": letters and the number of one id written apart, tried as one id.
    const number = /^\p{L}{1,3}$/u.test(token) && !STOP_WORDS.has(word) ? LETTERS_BEFORE_NUMBER.exec(text.slice(at + token.length)) : null;
    if (number && !AMOUNT_AFTER.test(text.slice(at + token.length + number[0].length)))
      add(`${token} ${number[1]}`, at, false, 'tentative');
    if (word.length < 3 || STOP_WORDS.has(word) || vocabulary.has(word)) continue;
    // Hyphenated name words ("V-belts") are looked up whole; the lookup matches their parts too.
    add(token, at, false);
  }
  return terms;
}

/**
 * The terms with the kind of record each names; a tentative one ("457") that a record answers to is an
 * id from now on, so it is never read as an amount or a quantity of the request.
 */
export function namedTerms(terms: readonly LookupTerm[], links: readonly Link[]): LookupTerm[] {
  return terms.map((term) => {
    const link = links.find((candidate) => candidate.at === term.at && candidate.term === term.term);
    if (!link) return term;
    return { ...term, names: link.kind, ...(term.tentative ? { idLike: true } : {}) };
  });
}

interface Link {
  kind: string;
  code: string;
  /** The term that named it, and where the term starts (an id written apart, "tr 88", starts where "tr" does). */
  term: string;
  at: number;
  score: number;
  /** How many records of this kind the term fits (its score is shared among them). */
  among: number;
}

/** The records the lookup found, strongest per term, keyed by kind in the order the message named them. */
export function linkedRecords(exchanges: readonly ToolExchange[], terms: readonly LookupTerm[]): Link[] {
  const links: Link[] = [];
  for (const exchange of exchanges) {
    if (exchange.name !== FIND_RECORDS || exchange.outcome?.status !== 'ok' || !isRecord(exchange.outcome.result)) continue;
    const results = exchange.outcome.result.results;
    if (!Array.isArray(results)) continue;
    for (const result of results) {
      if (!isRecord(result) || typeof result.term !== 'string' || !Array.isArray(result.matches)) continue;
      const term = terms.find((candidate) => candidate.term === result.term);
      const at = term?.at ?? 0;
      const matches = result.matches.filter(isRecord);
      // A name word that fits many records of a kind ("bearing" with ten bearings) names none of them alone.
      const perKind = new Map<string, number>();
      for (const match of matches) perKind.set(String(match.kind), (perKind.get(String(match.kind)) ?? 0) + 1);
      for (const match of matches) {
        if (typeof match.kind !== 'string' || typeof match.code !== 'string' || typeof match.score !== 'number') continue;
        const among = perKind.get(match.kind) ?? 1;
        links.push({ kind: match.kind, code: match.code, term: result.term, at, score: match.score / among, among });
      }
    }
  }
  return links;
}

const KIND_FIELD: Record<string, keyof Entities> = {
  order: 'orders',
  sku: 'skus',
  location: 'locations',
  customer: 'customers',
  return: 'returns',
  shipment: 'shipments',
  invoice: 'invoices',
};

/**
 * Entities with what the lookup found: a typed token that names a record becomes that kind only
 * ("COL-DC" a location, not a SKU), records named by several words rank by their summed score
 * ("6204" and "bearings" → the one bearing), and what names nothing keeps its shape-based reading
 * (an unknown "order H-9999" is still asked for, and answered as not found).
 */
export function withLinkedRecords(typed: Entities, links: readonly Link[]): Entities {
  if (!links.length) return typed;
  const result: Entities = { ...typed };
  const linkedTokens = new Set(links.map((link) => link.term.toUpperCase()));
  for (const field of Object.values(KIND_FIELD)) {
    (result[field] as string[]) = (typed[field] as string[]).filter((value) => !linkedTokens.has(value.toUpperCase()));
  }
  for (const [kind, field] of Object.entries(KIND_FIELD)) {
    const totals = new Map<string, { score: number; at: number }>();
    for (const link of links.filter((candidate) => candidate.kind === kind)) {
      const known = totals.get(link.code);
      totals.set(link.code, { score: (known?.score ?? 0) + link.score, at: Math.min(known?.at ?? Infinity, link.at) });
    }
    if (!totals.size) continue;
    const best = Math.max(...[...totals.values()].map((value) => value.score));
    // Records as strong as the best (two orders named by number), in the order the message named them.
    const chosen = [...totals.entries()]
      .filter(([, value]) => value.score >= best - 1e-9 && value.score >= 0.5)
      .sort((a, b) => a[1].at - b[1].at)
      .map(([code]) => code);
    (result[field] as string[]) = [...new Set([...chosen, ...(result[field] as string[])])];
    result.choices = [...result.choices, ...choicesOf(links, kind, chosen)];
  }
  return result;
}

/** The lowest score of a match by an id's number (core/lookup's "number" match); names and typos score less. */
const ID_SCORE = 0.9;

/**
 * Ids that fit several records of a kind and were resolved by nothing else in the message: "563"
 * with orders MW-0563 and QB-0563. A name word that fits several records ("bearing") is no choice to
 * offer: it only describes them.
 */
function choicesOf(links: readonly Link[], kind: string, chosen: readonly string[]): RecordChoice[] {
  const choices: RecordChoice[] = [];
  for (const link of links) {
    if (link.kind !== kind || link.among < 2 || link.score * link.among < ID_SCORE - 1e-9) continue;
    if (choices.some((choice) => choice.term === link.term)) continue;
    const codes = links.filter((other) => other.kind === kind && other.term === link.term).map((other) => other.code);
    if (!codes.some((code) => chosen.includes(code))) choices.push({ term: link.term, kind, codes: [...new Set(codes)].sort() });
  }
  return choices;
}

/** An id that fits several records of a kind the message names no record of otherwise: the planner asks which. */
export function openChoice(entities: Entities): RecordChoice | undefined {
  return entities.choices.find((choice) => !(entities[KIND_FIELD[choice.kind] ?? 'orders'] as string[]).length);
}

/** The question to ask when an id fits several records: which one, with the candidates listed. */
export function whichOneQuestion(choice: RecordChoice): string {
  const listed = choice.codes.length > 2 ? `${choice.codes.slice(0, -1).join(', ')} or ${choice.codes.at(-1)}` : choice.codes.join(' or ');
  return `"${choice.term}" fits ${choice.codes.length} ${choice.kind}s in your workspace: ${listed}. Which one do you mean?`;
}
