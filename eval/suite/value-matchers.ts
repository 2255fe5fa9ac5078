/**
 * Comparing expected arguments with what a run actually passed. Expected values are plain JSON, or
 * matchers: an object whose keys all start with `$` —
 *   $regex: "…" (string matches, case-insensitive)   $oneOf: [ … ]    $contains: x (substring / element)
 *   $gte / $gt / $lte / $lt: n                       $any: true (present, any value)   $absent: true
 * Two modes: `subset` (every expected key matches; the actual value may carry more keys) and `exact`
 * (same keys on both sides, minus ignored dotted paths).
 */
export type MatchMode = 'exact' | 'subset';

const OPERATORS = ['$regex', '$oneOf', '$contains', '$gte', '$gt', '$lte', '$lt', '$any', '$absent'] as const;
type Operator = (typeof OPERATORS)[number];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export function isMatcher(value: unknown): value is Partial<Record<Operator, unknown>> {
  return isPlainObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((key) => key.startsWith('$'));
}

export interface MatcherProblem {
  path: Array<string | number>;
  message: string;
}

/** Problems with matchers written in a suite (unknown operators, wrong operand types), for the schema. */
export function checkValueMatchers(value: unknown, path: Array<string | number> = []): MatcherProblem[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => checkValueMatchers(item, [...path, index]));
  if (!isPlainObject(value)) return [];
  if (!isMatcher(value)) return Object.entries(value).flatMap(([key, item]) => checkValueMatchers(item, [...path, key]));
  const problems: MatcherProblem[] = [];
  for (const [key, operand] of Object.entries(value)) {
    const at = [...path, key];
    if (!(OPERATORS as readonly string[]).includes(key))
      problems.push({ path: at, message: `unknown matcher ${key}; use one of ${OPERATORS.join(', ')}` });
    else if (['$gte', '$gt', '$lte', '$lt'].includes(key) && typeof operand !== 'number')
      problems.push({ path: at, message: `${key} needs a number` });
    else if (key === '$regex') {
      if (typeof operand !== 'string') problems.push({ path: at, message: '$regex needs a string' });
      else {
        try {
          new RegExp(operand, 'i');
        } catch (error) {
          problems.push({ path: at, message: `invalid regular expression: ${(error as Error).message}` });
        }
      }
    } else if (key === '$oneOf' && !Array.isArray(operand)) problems.push({ path: at, message: '$oneOf needs a list' });
    else if ((key === '$any' || key === '$absent') && operand !== true) problems.push({ path: at, message: `${key} takes true` });
  }
  return problems;
}

const show = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

function numbersEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function applyMatcher(matcher: Partial<Record<Operator, unknown>>, actual: unknown, path: string, mode: MatchMode): string[] {
  const problems: string[] = [];
  const fail = (what: string): void => {
    problems.push(`${path || '(value)'}: expected ${what}, got ${show(actual)}`);
  };
  if (matcher.$absent) {
    if (actual !== undefined) fail('no value');
    return problems;
  }
  if (actual === undefined) {
    fail(`a value matching ${show(matcher)}`);
    return problems;
  }
  if (matcher.$regex !== undefined && !(typeof actual === 'string' && new RegExp(String(matcher.$regex), 'i').test(actual)))
    fail(`a string matching /${String(matcher.$regex)}/i`);
  if (matcher.$oneOf !== undefined && !(matcher.$oneOf as unknown[]).some((option) => matchValue(option, actual, mode, path).length === 0))
    fail(`one of ${show(matcher.$oneOf)}`);
  if (matcher.$contains !== undefined) {
    const needle = matcher.$contains;
    const ok =
      typeof actual === 'string'
        ? typeof needle === 'string' && actual.toLowerCase().includes(needle.toLowerCase())
        : Array.isArray(actual) && actual.some((item) => matchValue(needle, item, mode, path).length === 0);
    if (!ok) fail(`something containing ${show(needle)}`);
  }
  const bounds: Array<[Operator, (a: number, b: number) => boolean, string]> = [
    ['$gte', (a, b) => a >= b || numbersEqual(a, b), '≥'],
    ['$gt', (a, b) => a > b && !numbersEqual(a, b), '>'],
    ['$lte', (a, b) => a <= b || numbersEqual(a, b), '≤'],
    ['$lt', (a, b) => a < b && !numbersEqual(a, b), '<'],
  ];
  for (const [operator, holds, sign] of bounds) {
    const bound = matcher[operator];
    if (bound === undefined) continue;
    if (typeof actual !== 'number' || !holds(actual, bound as number)) fail(`a number ${sign} ${String(bound)}`);
  }
  return problems;
}

/** Mismatches between an expected value (with matchers) and an actual one; empty when they match. */
export function matchValue(expected: unknown, actual: unknown, mode: MatchMode, path = ''): string[] {
  if (isMatcher(expected)) return applyMatcher(expected, actual, path, mode);
  const at = (key: string | number): string => (path ? `${path}.${key}` : String(key));
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path || '(value)'}: expected a list ${show(expected)}, got ${show(actual)}`];
    if (expected.length !== actual.length)
      return [`${path || '(value)'}: expected ${expected.length} items, got ${actual.length} (${show(actual)})`];
    return expected.flatMap((item, index) => matchValue(item, actual[index], mode, at(index)));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return [`${path || '(value)'}: expected an object, got ${show(actual)}`];
    const problems = Object.entries(expected).flatMap(([key, value]) => matchValue(value, actual[key], mode, at(key)));
    if (mode === 'exact') {
      for (const key of Object.keys(actual)) {
        if (!(key in expected) && actual[key] !== undefined) problems.push(`${at(key)}: not expected, got ${show(actual[key])}`);
      }
    }
    return problems;
  }
  if (typeof expected === 'number' && typeof actual === 'number')
    return numbersEqual(expected, actual) ? [] : [`${path || '(value)'}: expected ${expected}, got ${actual}`];
  return expected === actual ? [] : [`${path || '(value)'}: expected ${show(expected)}, got ${show(actual)}`];
}

/** A copy of `value` without the dotted paths in `ignore` (e.g. "reason", "lines.0.note"). */
export function withoutPaths(value: unknown, ignore: readonly string[]): unknown {
  if (!ignore.length) return value;
  const copy = structuredClone(value) as unknown;
  for (const path of ignore) {
    const parts = path.split('.');
    let node: unknown = copy;
    for (const part of parts.slice(0, -1))
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    if (node !== null && typeof node === 'object') delete (node as Record<string, unknown>)[parts.at(-1)!];
  }
  return copy;
}

/** Argument mismatches of one call against an expected step (ignored paths removed on both sides). */
export function matchArguments(
  expected: Record<string, unknown> | undefined,
  actual: unknown,
  mode: MatchMode,
  ignore: readonly string[] = [],
): string[] {
  if (expected === undefined) return [];
  return matchValue(withoutPaths(expected, ignore), withoutPaths(actual ?? {}, ignore), mode, 'args');
}
