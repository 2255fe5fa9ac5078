/**
 * An address correction asked for in chat: "the new delivery address for W88217 is 14 Baggot Street
 * Lower, Dublin, D02 XY45", "the zip on H-1002 should be 43215", "change the street to 21 Oak Rd". The
 * rep names a part of the address (or the whole of it) and its new value; the rest of the address is
 * the order's own (its record is read first), so the tool always gets a complete address. Deterministic
 * parsing of the usual shapes (street first, then city and postcode in either order, an optional region
 * and country); what it cannot read, it leaves for the planner to ask about.
 */

type Field = 'address' | 'postalCode' | 'line1' | 'line2' | 'city' | 'region';

const SEND_TO =
  /\b(go(es|ing)?|send|sent|ship(ped)?|deliver(ed)?|post(ed)?|redirect(ed)?)\s+(it\s+|them\s+|the (order|parcel|package)\s+)?(over\s+)?to\b/i;

const FIELD_WORDS: Array<[RegExp, Field]> = [
  [/\b(post ?codes?|postal codes?|zip( ?codes?)?|eircodes?|plz)\b/i, 'postalCode'],
  [/\b(street( address)?|house number|address line ?1|first line)\b/i, 'line1'],
  [/\b(apartment|apt|flat|suite|unit number|address line ?2|second line)\b/i, 'line2'],
  [/\b(city|town)\b/i, 'city'],
  [/\b(state|county|province)\b/i, 'region'],
  [/\b(address|ship-?to|deliver(y|ing) to)\b/i, 'address'],
  // "needs to go to Kramgasse 45, 3011 Bern", "send it to …": the whole address, when it parses as one.
  [SEND_TO, 'address'],
];

/** Words that make a mention of an address a correction: something is wrong, new or should change. */
const CHANGE_CUE =
  /\b(new|wrong|incorrect|typo|mistake|should (be|read)|needs to be|is now|is actually|chang\w*|updat\w*|correct\w*|fix\w*|amend\w*|moved|instead)\b/i;

/** Where the new value starts: after one of these, the rest of the clause is the value. */
const VALUE_MARKER =
  /(?:\bshould (?:be|read)|\bneeds to be|\bis now|\bis actually|\b(?:chang|updat|correct|amend|fix)\w*\b[^:]{0,40}?\bto|:|\bit'?s|\bis|\bto)\s+/gi;

export function asksAddressChange(text: string): boolean {
  const named = FIELD_WORDS.some(([pattern]) => pattern !== SEND_TO && pattern.test(text));
  // "Send it to …" names no part of an address: it is a change only when what follows reads as a whole address.
  const sendTo = SEND_TO.exec(text);
  const wholeAddress = sendTo !== null && parseAddress(valueAfter(text, sendTo.index) ?? '', {}) !== undefined;
  return (named || wholeAddress) && CHANGE_CUE.test(text) && !/\?\s*$/.test(text);
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

// Postcode shapes: US 43215 / 43215-1234, IE D02 XY45, UK LS1 4AB, NL 3011 AD, DE 10115, CA K1A 0B1.
const POSTCODE =
  /^(?:\d{4,5}(?:-\d{4})?|\d{4}\s?[A-Z]{2}|[A-Z]\d{2}\s?[A-Z0-9]{4}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)$/i;
const LINE2 = /^(apt|apartment|suite|ste|unit|flat|floor|fl|building|bldg)\b/i;

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

function splitTrailingPostcode(part: string): { rest: string; postcode?: string } {
  const words = part.split(/\s+/);
  for (const take of [2, 1]) {
    if (words.length < take) continue;
    const candidate = words.slice(-take).join(' ');
    if (POSTCODE.test(candidate) && /\d/.test(candidate)) return { rest: words.slice(0, -take).join(' '), postcode: candidate };
  }
  for (const take of [2, 1]) {
    const candidate = words.slice(0, take).join(' ');
    if (words.length > take && POSTCODE.test(candidate) && /\d/.test(candidate))
      return { rest: words.slice(take).join(' '), postcode: candidate };
  }
  return { rest: part };
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
  for (const [pattern, field] of FIELD_WORDS) {
    const match = pattern.exec(text);
    if (!match) continue;
    // After "send it to" the value follows the "to" of the match itself.
    const value = valueAfter(text, pattern === SEND_TO ? match.index : match.index + match[0].length);
    if (!value) continue;
    let address: Record<string, string> | undefined;
    if (field === 'address') address = parseAddress(value, current);
    else if (field === 'postalCode' && /\d/.test(value) && value.length <= 12) address = { ...current, postalCode: value.toUpperCase() };
    else if (field === 'line1' && /\d/.test(value)) address = { ...current, line1: value };
    else if (field === 'line2' || field === 'city' || field === 'region') address = { ...current, [field]: value };
    if (!address?.name || !address.country) continue;
    const changes = Object.keys(address)
      .filter((key) => address![key] !== current[key])
      .map((key) => `${key} ${current[key] ?? '(empty)'} → ${address![key]}`);
    if (changes.length) return { address, changes };
  }
  return undefined;
}
