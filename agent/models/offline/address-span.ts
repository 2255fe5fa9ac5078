/**
 * Where a whole address is written inside a request: "it's flat 14 at Trubarjeva cesta 12, 1000
 * Ljubljana. can you update …", "… in Kranj instead: Koroška cesta 5, 4000 Kranj". The street, the
 * postcode and the city are read from that span only — never from the words around it — so a name
 * or a town the rep mentions elsewhere ("her sister in Kranj", "Tomaž's order") can never become a field.
 */

// Postcode shapes: US 43215 / 43215-1234, IE D02 XY45, UK LS1 4AB, NL 3011 AD, DE/SI/CH 10115 / 1000 / 3011, CA K1A 0B1,
// BR 92310-000, JP 150-0002, PL 00-950, PT 1000-001.
export const POSTCODE =
  /^(?:\d{4,5}(?:-\d{3,4})?|\d{3}-\d{4}|\d{2}-\d{3}|\d{4}\s?[A-Z]{2}|[A-Z]\d{2}\s?[A-Z0-9]{4}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)$/i;

/**
 * The words for a postal code in the languages of addresses (ZIP, PLZ, CEP, PIN, CAP, NPA, CP, Eircode,
 * postcode…): after one of them any code with a digit is the postal code, whatever its shape ("PIN 560001").
 */
export const POSTCODE_LABEL =
  /\b(?:post ?codes?|postal codes?|zip(?: ?codes?)?|eircodes?|plz|postleitzahl|cep|pin(?: ?codes?)?|cap|npa|cp|c[oó]digo postal|code postal|codice postale|postnummer|postnr|postinumero|psc|irsz|ak|kod(?:u|em)? pocztow(?:y|ego|ym)|po[sš]tn(?:a|i) (?:[sš]tevilka|broj)|po[sš]tanski broj)\b\.?:?\s*/i;
const LABELLED_POSTCODE = new RegExp(`${POSTCODE_LABEL.source}([A-Z0-9][A-Z0-9 -]{1,9}[A-Z0-9])`, 'i');

/**
 * Words that designate the unit inside a building, in the languages of addresses (apt, apto, apartamento,
 * flat, suite, Wohnung, stanovanje, sala, piso, andar, bloco…): a closed class, as a postal code's labels.
 */
export const UNIT_WORDS =
  'apt|apto|apartment|apartamento|appartement|appartamento|apartman|suite|ste|unit|flat|floor|building|bldg|sala|conjunto|andar|piso|bloco|wohnung|whg|stiege|stanovanje|mieszkanie|lgh|lejlighed';
export const LINE2 = new RegExp(`^(${UNIT_WORDS})\\b`, 'i');

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
  // "CEP 92310-000", "PLZ: 10115", "Canoas RS, CEP 92310-000": a labelled code wherever it stands.
  const labelled = LABELLED_POSTCODE.exec(part);
  if (labelled && /\d/.test(labelled[1]!)) {
    const rest = `${part.slice(0, labelled.index)} ${part.slice(labelled.index + labelled[0].length)}`.replace(/\s+/g, ' ').trim();
    return { rest, postcode: labelled[1]!.trim() };
  }
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

/** "Canoas RS", "Columbus OH": a city with its state's code after it (two or three capitals). */
function cityAndRegion(city: string): { city: string; region?: string } {
  const match = /^(.*\p{L}.*?)\s+([A-Z]{2,3})$/u.exec(city);
  return match && !/^[A-Z]{2,3}$/.test(match[1]!) ? { city: match[1]!, region: match[2]! } : { city };
}

/** A house number written as its own part after the street ("Av. Guilherme Schell, 5500", "Rua X, nº 12", "s/n"). */
const HOUSE_NUMBER = /^(?:(?:n[º°o.]?|no\.|nr\.?|number)\s*)?\d{1,5}[A-Za-z]?$|^s\/n$/i;

/** The street of a part that names it before its number ("Av. Guilherme Schell" + "5500"): the words after the last word of speech. */
function streetWithoutNumber(part: string): string | undefined {
  const words = part.split(/\s+/).filter(Boolean);
  let start = words.length;
  while (start > 0 && !isSpeech(words[start - 1]!)) start--;
  const street = words.slice(start).join(' ');
  return street && !/\d/.test(street) && /\p{L}{2,}/u.test(street) && words.length - start <= 6 ? street : undefined;
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
  // A point after a short abbreviation ("Av.", "St.", "Nr.") ends no sentence.
  for (const sentence of text.split(/(?<=[!?;:])\s+|(?<=(?<!(?:^|[\s(])\p{L}{1,3})\.)\s+|\s[-—–]\s|:\s*/u)) {
    const parts = sentence
      .replace(/[.!?;]+$/, '')
      .split(',')
      .map((part) => part.trim());
    for (let index = 0; index < parts.length - 1; index++) {
      let line1 = streetAtEnd(parts[index]!);
      let next = index + 1;
      // The number after the street, as its own part: "Av. Guilherme Schell, 5500, Canoas RS".
      const named = line1 ? undefined : streetWithoutNumber(parts[index]!);
      if (named && parts[next] && HOUSE_NUMBER.test(parts[next]!)) {
        line1 = `${named}, ${parts[next]}`;
        next++;
      }
      if (!line1) continue;
      const span: Partial<AddressSpan> = { line1 };
      const used = [line1];
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
        if (city && !span.city) Object.assign(span, cityAndRegion(city));
        else if (city) span.region = city;
        used.push(part);
      }
      if (span.line1 && span.city && span.postalCode) return { ...(span as AddressSpan), text: used.join(', ') };
    }
  }
  return undefined;
}

/** A unit the text names ("flat 14", "apartment 3B", "suite 200"), outside any address span. */
const UNIT = new RegExp(`\\b(${UNIT_WORDS})\\.?\\s*(?:no\\.?|nr\\.?|n[º°]|number|#)?\\s*([A-Z]?\\d+[A-Z]?)\\b`, 'i');

export function unitIn(text: string): string | undefined {
  const match = UNIT.exec(text);
  return match ? `${match[1]} ${match[2]}` : undefined;
}
