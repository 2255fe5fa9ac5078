/**
 * Where a whole address is written inside a request: "it's flat 14 at Trubarjeva cesta 12, 1000
 * Ljubljana. can you update …", "… in Kranj instead: Koroška cesta 5, 4000 Kranj". The street, the
 * postcode and the city are read from that span only — never from the words around it — so a name
 * or a town the rep mentions elsewhere ("her sister in Kranj", "Tomaž's order") can never become a field.
 */

// Postcode shapes: US 43215 / 43215-1234, IE D02 XY45, UK LS1 4AB, NL 3011 AD, DE/SI/CH 10115 / 1000 / 3011, CA K1A 0B1.
export const POSTCODE =
  /^(?:\d{4,5}(?:-\d{4})?|\d{4}\s?[A-Z]{2}|[A-Z]\d{2}\s?[A-Z0-9]{4}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)$/i;
export const LINE2 = /^(apt|apartment|suite|ste|unit|flat|floor|fl|building|bldg)\b/i;

/**
 * Words of the request around an address, never part of one: the street starts after the last of
 * them ("… flat 14 at | Trubarjeva cesta 12"), a city part containing one is not a city.
 */
const SPEECH = new Set(
  (
    "at to is it's its it is was in on for the her his their our my your now instead and please thanks new address " +
    'be should sent send ship shipped deliver delivered go goes going moved move wants want asked says said from ' +
    'of with by into onto than that this which who she he they we i you can could would will pls her sister brother ' +
    'mother father friend office work there here correct fix change update add put is actually now'
  ).split(/\s+/),
);

export function splitTrailingPostcode(part: string): { rest: string; postcode?: string } {
  const words = part.split(/\s+/).filter(Boolean);
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

const isSpeech = (word: string): boolean => SPEECH.has(word.toLowerCase().replace(/[’]/g, "'"));

/** The street at the end of a part: the words after the last word of speech, with a house number. */
function streetAtEnd(part: string): string | undefined {
  const words = part.split(/\s+/).filter(Boolean);
  let start = words.length;
  while (start > 0 && !isSpeech(words[start - 1]!)) start--;
  const street = words.slice(start).join(' ');
  // A street has a house number and a word: "Koroška cesta 5", "14 Baggot Street Lower", "Kramgasse 45".
  return /\d/.test(street) && /\p{L}{2,}/u.test(street) && !POSTCODE.test(street) ? street : undefined;
}

/** A city part: a few words, none of them the request's own. */
function cityOf(rest: string): string | undefined {
  const words = rest.split(/\s+/).filter(Boolean);
  if (!words.length || words.length > 4 || words.some(isSpeech) || /\d/.test(rest)) return undefined;
  return rest;
}

export interface AddressSpan {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  region?: string;
  /** The country as written (a name or an ISO code), if the span ends with one. */
  country?: string;
  /** The span as written, so the caller can tell what lies outside it. */
  text: string;
}

/**
 * The first whole address written in the text: a street, optionally a unit, then the city and the
 * postcode (in either order, in one part or two), optionally a region and a country. Sentences and
 * colons bound it; undefined when no sentence holds one.
 */
export function findAddressSpan(text: string, isCountry: (value: string) => boolean = () => false): AddressSpan | undefined {
  for (const sentence of text.split(/(?<=[.!?;:])\s+|\s[-—–]\s|:\s*/)) {
    const parts = sentence
      .replace(/[.!?;]+$/, '')
      .split(',')
      .map((part) => part.trim());
    for (let index = 0; index < parts.length - 1; index++) {
      const line1 = streetAtEnd(parts[index]!);
      if (!line1) continue;
      const span: Partial<AddressSpan> = { line1 };
      const used = [line1];
      let next = index + 1;
      if (parts[next] && LINE2.test(parts[next]!)) {
        span.line2 = parts[next]!;
        used.push(parts[next]!);
        next++;
      }
      for (; next < parts.length; next++) {
        const part = parts[next]!.replace(/\s+(please|pls|thanks|thank you|cheers|instead|asap)$/i, '');
        if (span.city && span.postalCode && isCountry(part)) {
          span.country = part;
          used.push(part);
          break;
        }
        const { rest, postcode } = splitTrailingPostcode(part);
        if (postcode && !span.postalCode) span.postalCode = postcode.toUpperCase();
        const city = rest ? cityOf(rest) : undefined;
        if (rest && !city) break;
        if (city && !span.city) span.city = city;
        else if (city) span.region = city;
        used.push(part);
      }
      if (span.line1 && span.city && span.postalCode) return { ...(span as AddressSpan), text: used.join(', ') };
    }
  }
  return undefined;
}

/** A unit the text names ("flat 14", "apartment 3B", "suite 200"), outside any address span. */
export function unitIn(text: string): string | undefined {
  const match = /\b(apt|apartment|suite|ste|unit|flat|floor|fl|building|bldg)\.?\s*(?:no\.?|number|#)?\s*([A-Z]?\d+[A-Z]?)\b/i.exec(text);
  return match ? `${match[1]} ${match[2]}` : undefined;
}
