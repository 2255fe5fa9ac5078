/**
 * Whether a written token names a record id by part of it, whatever the id's shape: both are split
 * into runs of letters and of digits ("SA2612-00417K" → SA · 2612 · 00417 · K, "417k" → 417 · K), and
 * the written runs must be runs of the id, in order, with the id's serial (its last digit run) among
 * them. One rule covers "457" and "2612-0457" for "W2612-0457", "d88" for "D0088KA", "#452A" and
 * "00428m" for "SA2612-00428M", "tr 88" for "TR_2612.0088", with no rule per shape.
 */

export interface IdSegment {
  text: string;
  digits: boolean;
}

/** Runs of letters and of digits, upper case, separators dropped ("TR_2612.0088" → TR, 2612, 0088). */
export function idSegments(value: string): IdSegment[] {
  return (value.toUpperCase().match(/[A-Z]+|[0-9]+/g) ?? []).map((text) => ({ text, digits: /^[0-9]/.test(text) }));
}

const withoutLeadingZeros = (digits: string): string => digits.replace(/^0+(?=\d)/, '');

/** Digits grouped in threes by a separator ("204.538", "204 538"): one number, not two runs. */
const THOUSANDS = /^\d{1,3}(?:[.,\s\u00a0\u202f]\d{3})+$/;

/**
 * The runs of a written token; a number written with thousands separators is one run, and a leading
 * "#" or "no." is punctuation, not part of the id.
 */
export function termSegments(term: string): IdSegment[] {
  const trimmed = term.trim().replace(/^#\s*/, '');
  return THOUSANDS.test(trimmed) ? [{ text: trimmed.replace(/\D/g, ''), digits: true }] : idSegments(trimmed);
}

/** The serial of an id: its last run of digits without leading zeros ("W2612-0457" → "457"); null without digits. */
export function serialOf(value: string): string | null {
  const runs = value.match(/[0-9]+/g);
  return runs ? withoutLeadingZeros(runs[runs.length - 1]!) : null;
}

/** The serial a written token names (its last digit run, or the whole number written with thousands separators). */
export function termSerial(term: string): string | null {
  const digits = termSegments(term).filter((segment) => segment.digits);
  return digits.length ? withoutLeadingZeros(digits[digits.length - 1]!.text) : null;
}

const sameRun = (written: IdSegment, stored: IdSegment): boolean =>
  written.digits === stored.digits &&
  (written.digits ? withoutLeadingZeros(written.text) === withoutLeadingZeros(stored.text) : written.text === stored.text);

/**
 * True when `term` names `code` by part of it: every written run equals a run of the code, in order
 * (numbers compared by value, so zero padding does not matter; letters case-insensitively); the last
 * written number is the code's serial; whatever the code has after its serial is letters only (a
 * check letter or region the rep may leave out, "d88" for "D0088KA"), but letters written after the
 * number must be the code's ("417j" is not "…00417K"). Runs the rep leaves out before or between
 * (a prefix, a year) do not matter. Too little to be distinctive never names anything: a number of
 * fewer than three written digits needs a letter run or another number beside it ("88" alone no,
 * "d88", "tr 88" and "0088" yes).
 */
export function namesBySegments(code: string, term: string): boolean {
  const written = termSegments(term);
  const stored = idSegments(code);
  const lastWrittenDigit = written.findLastIndex((segment) => segment.digits);
  const lastStoredDigit = stored.findLastIndex((segment) => segment.digits);
  if (lastWrittenDigit < 0 || lastStoredDigit < 0) return false;
  if (written.length === 1 && written[0]!.text.length < 3) return false;
  // The written serial and what follows it (letters) must be the code's serial and its letters, in place.
  const trailing = written.length - lastWrittenDigit;
  if (lastStoredDigit + trailing > stored.length) return false;
  for (let offset = 0; offset < trailing; offset++) {
    if (!sameRun(written[lastWrittenDigit + offset]!, stored[lastStoredDigit + offset]!)) return false;
  }
  // The runs written before the serial, each matched to an earlier run of the code, in order (greedy from the end).
  let position = lastStoredDigit - 1;
  for (let index = lastWrittenDigit - 1; index >= 0; index--) {
    while (position >= 0 && !sameRun(written[index]!, stored[position]!)) position--;
    if (position < 0) return false;
    position--;
  }
  return true;
}
