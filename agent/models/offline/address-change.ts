/**
 * An address correction asked for in chat: "the new delivery address for W88217 is 14 Baggot Street
 * Lower, Dublin, D02 XY45", "the zip on H-1002 should be 43215", "change the street to 21 Oak Rd". The
 * rep names a part of the address (or the whole of it) and its new value; the rest of the address is
 * the order's own (its record is read first), so the tool always gets a complete address. Deterministic
 * parsing of the usual shapes (street first, then city and postcode in either order, an optional region
 * and country); what it cannot read, it leaves for the planner to ask about.
 */

import { findAddressSpan, LINE2, POSTCODE, POSTCODE_LABEL, splitTrailingPostcode, UNIT_WORDS, unitIn } from './address-span.ts';

type Field = 'address' | 'postalCode' | 'line1' | 'line2' | 'city' | 'region';

const SEND_TO =
  /\b(go(es|ing)?|send|sent|ship(ped)?|deliver(ed)?|post(ed)?|redirect(ed)?)\s+(it\s+|them\s+|the (order|parcel|package)\s+)?(over\s+)?to\b/i;

const FIELD_WORDS: Array<[RegExp, Field]> = [
  [POSTCODE_LABEL, 'postalCode'],
  [/\b(street( address)?|house number|address line ?1|first line)\b/i, 'line1'],
  // A unit word alone ("the flat number") or, in any language's word for it, with its number ("apto 302").
  [
    new RegExp(
      `\\b(apartment|apt|flat|suite|unit number|address line ?2|second line)\\b|\\b(${UNIT_WORDS})\\.?\\s*(no\\.?|#)?\\s*[A-Z]?\\d`,
      'i',
    ),
    'line2',
  ],
  [/\b(city|town)\b/i, 'city'],
  [/\b(state|county|province)\b/i, 'region'],
  [/\b(address|ship-?to|deliver(y|ing) to)\b/i, 'address'],
  // "needs to go to Kramgasse 45, 3011 Bern", "send it to …": the whole address, when it parses as one.
  [SEND_TO, 'address'],
];

/** Words that make a mention of an address a correction: something is wrong, new or should change. */
const CHANGE_CUE =
  /\b(new|wrong|incorrect|typo|mistake|should (be|read)|needs to be|is now|is actually|chang\w*|updat\w*|correct\w*|fix\w*|amend\w*|moved|instead|add(ed)?)\b|\bput\b.{0,20}\b(on|onto|in|into)\b/i;

/** "add stanovanje 14 to the delivery address", "put flat 2 on the address": what is added, in the rep's words. */
const ADD_TO_ADDRESS =
  /\b(?:add|put|include|append)\s+(.{1,40}?)\s+(?:to|on|onto|in|into)\s+(?:the\s+|her\s+|his\s+|their\s+)?(?:delivery\s+|shipping\s+)?address\b/i;

/** Where the new value starts: after one of these, the rest of the clause is the value. */
const VALUE_MARKER =
  /(?:\bshould (?:be|read)|\bneeds to be|\bis now|\bis actually|\b(?:chang|updat|correct|amend|fix)\w*\b[^:]{0,40}?\bto|:|\bit'?s|\bis|\bto)\s+/gi;

/**
 * Whether the rep asks for the order's address to change: a part named (or a whole address written)
 * and something said to change. Whether the message is a question is the caller's to decide ("can you
 * update MED#31071?" is a request).
 */
export function asksAddressChange(text: string): boolean {
  const named = FIELD_WORDS.some(([pattern]) => pattern !== SEND_TO && pattern.test(text));
  // "Send it to …" names no part of an address: it is a change only when a whole address is written, and
  // a whole address written with a change cue ("it is unit 7 at Via Roma 18, 20121 Milano - fix the order") is one.
  const wholeAddress = findAddressSpan(text, isCountry) !== undefined;
  return (named && CHANGE_CUE.test(text)) || (wholeAddress && (CHANGE_CUE.test(text) || SEND_TO.test(text)));
}

const COUNTRIES: Record<string, string> = {
  ireland: 'IE',
  'united states': 'US',
  usa: 'US',
  'united kingdom': 'GB',
  uk: 'GB',
  'great britain': 'GB',
  netherlands: 'NL',
  'the netherlands': 'NL',
  germany: 'DE',
  france: 'FR',
  belgium: 'BE',
  canada: 'CA',
  spain: 'ES',
  italy: 'IT',
};

const isCountry = (value: string): boolean =>
  COUNTRIES[value.toLowerCase()] !== undefined || (/^[A-Z]{2}$/.test(value) && !POSTCODE.test(value));

/** The value the rep gives, from the last value marker after the field word to the end of its clause. */
function valueAfter(text: string, fieldAt: number): string | undefined {
  const rest = text.slice(fieldAt);
  let start: number | undefined;
  for (const match of rest.matchAll(VALUE_MARKER)) {
    const after = rest.slice((match.index ?? 0) + match[0].length);
    // "is wrong" is no value: a value carries a digit or starts with a capital.
    if (/^(wrong|incorrect|not|missing|out of date|old)\b/i.test(after)) continue;
    if (/\d/.test(after.split(/[,;]/)[0] ?? '') || /^[A-Z]/.test(after)) start = fieldAt + (match.index ?? 0) + match[0].length;
  }
  if (start === undefined) return undefined;
  const value = text
    .slice(start)
    .split(/\s+[-—–]\s+|[;!?]|\.\s|\.$|,\s*(?:please|thanks|thank you|cheers|can you|could you|not)\b/i)[0]!
    .trim()
    .replace(/\s+(please|pls|thanks|thank you|cheers|instead|asap)$/i, '')
    .replace(/^["'“]|["'”]$/g, '');
  return value || undefined;
}

/**
 * The postcode a value opens with: "31-147 nie 13-147", "31-147 not 13-147" and "D02 XY45 please" give
 * the code before the words that follow it (the old code, in whatever language "not" is said).
 */
export function leadingPostcode(value: string): string | undefined {
  const words = value.split(/[\s,;]+/).filter(Boolean);
  for (const take of [2, 1]) {
    const candidate = words.slice(0, take).join(' ');
    // Two words only as a code is written ("D02 XY45", "3011 AD"): "1000 ne 1100" is a code and the word "not".
    if (take === 2 && candidate !== candidate.toUpperCase()) continue;
    if (words.length >= take && POSTCODE.test(candidate) && /\d/.test(candidate)) return candidate.toUpperCase();
  }
  // Any other code with a digit after a postal-code label ("PIN 560001"), as long as it is one short value.
  return /\d/.test(value) && value.length <= 12 ? value.toUpperCase() : undefined;
}

/** A whole address written on one line: street first, then city, region, postcode and country in the usual orders. */
export function parseAddress(value: string, current: Record<string, string>): Record<string, string> | undefined {
  const parts = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length < 2) return undefined;
  const address: Record<string, string> = {};
  const last = parts.at(-1)!;
  const country = /^[A-Z]{2}$/.test(last) && !POSTCODE.test(last) && parts.length > 2 ? last : COUNTRIES[last.toLowerCase()];
  if (country) parts.pop();
  address.line1 = parts.shift()!;
  if (parts[0] && LINE2.test(parts[0])) address.line2 = parts.shift()!;
  for (const part of parts) {
    const { rest, postcode } = splitTrailingPostcode(part);
    if (postcode) address.postalCode = postcode.toUpperCase();
    if (!rest) continue;
    if (/^[A-Z]{2}$/.test(rest) && address.city) address.region = rest;
    else if (!address.city) address.city = rest;
    else address.region = rest;
  }
  if (!address.line1 || !address.city || !address.postalCode) return undefined;
  return {
    ...(current.name ? { name: current.name } : {}),
    ...(current.company ? { company: current.company } : {}),
    ...address,
    country: country ?? current.country ?? '',
    ...(current.phone ? { phone: current.phone } : {}),
  };
}

export interface AddressChange {
  address: Record<string, string>;
  /** "postalCode D02 H529 → D02 H592", for the rationale. */
  changes: string[];
}

/** The corrected address the rep's message gives for an order whose current address is `current`; undefined when it cannot be read. */
export function requestedAddress(text: string, current: Record<string, string>): AddressChange | undefined {
  const candidates: Array<Record<string, string> | undefined> = [];
  // A whole address written anywhere in the message, read from its own span (with a unit named beside it).
  const span = findAddressSpan(text, isCountry);
  if (span) {
    const unit = span.line2 ?? unitIn(text.replace(span.text, ' '));
    const country = span.country ? (COUNTRIES[span.country.toLowerCase()] ?? span.country) : current.country;
    candidates.push(
      withKept(current, {
        line1: span.line1,
        ...(unit ? { line2: unit } : {}),
        city: span.city,
        postalCode: span.postalCode,
        ...(span.region ? { region: span.region } : {}),
        country: country ?? '',
      }),
    );
  }
  // "add stanovanje 14 to the delivery address": an addition to the unit line, unless it is a postcode or a street.
  const added = ADD_TO_ADDRESS.exec(text)?.[1]?.trim();
  if (added && /\d/.test(added) && !span) {
    if (POSTCODE.test(added)) candidates.push({ ...current, postalCode: added.toUpperCase() });
    else candidates.push({ ...current, line2: added });
  }
  for (const [pattern, field] of FIELD_WORDS) {
    const match = pattern.exec(text);
    if (!match) continue;
    // After "send it to" the value follows the "to" of the match itself.
    const value = valueAfter(text, pattern === SEND_TO ? match.index : match.index + match[0].length);
    if (!value) continue;
    if (field === 'address') candidates.push(parseAddress(value, current));
    else if (field === 'postalCode' && leadingPostcode(value)) candidates.push({ ...current, postalCode: leadingPostcode(value)! });
    else if (field === 'line1' && /\d/.test(value)) candidates.push({ ...current, line1: value });
    // "the flat number … it's 14": the unit in the words the rep used for it.
    else if (field === 'line2' && /^\d+[A-Z]?$/i.test(value))
      candidates.push({ ...current, line2: `${match[0].replace(/\s*(number|no\.?)$/i, '')} ${value}` });
    else if (field === 'line2' || field === 'city' || field === 'region') candidates.push({ ...current, [field]: value });
  }
  // "it's apto 302 - fix the address": a unit named anywhere in a correction is the unit line.
  const unit = span ? undefined : unitIn(text);
  if (unit) candidates.push({ ...current, line2: unit });
  for (const address of candidates) {
    if (!address?.name || !address.country) continue;
    const changes = Object.keys(address)
      .filter((key) => address[key] !== current[key])
      .map((key) => `${key} ${current[key] ?? '(empty)'} → ${address[key]}`);
    if (changes.length) return { address, changes };
  }
  return undefined;
}

/** The new address's fields, with the name, company and phone of the current one it does not give. */
function withKept(current: Record<string, string>, fields: Record<string, string>): Record<string, string> {
  return {
    ...(current.name ? { name: current.name } : {}),
    ...(current.company ? { company: current.company } : {}),
    ...fields,
    ...(current.phone ? { phone: current.phone } : {}),
  };
}
