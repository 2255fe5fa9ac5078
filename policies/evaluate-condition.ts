/** Evaluates one rule condition against a resolved field value. */
import type { Comparison, Condition } from './policy-document.ts';

type Scalar = string | number | boolean;
type Resolve = (field: string) => unknown;

/**
 * A missing value (undefined or null) satisfies nothing except `exists: false`: a rule that depends
 * on a fact the tool did not report never matches, so an `allow` cannot be reached by omission.
 * A list value (the caller's roles) matches when any element does; `ne` and `notIn` need every element.
 */
export function evaluateCondition(condition: Condition, value: unknown, resolve: Resolve): boolean {
  const comparison: Comparison = Array.isArray(condition)
    ? { in: condition }
    : typeof condition === 'object'
      ? condition
      : { eq: condition };
  if (comparison.exists !== undefined) {
    const present = value !== undefined && value !== null;
    if (present !== comparison.exists) return false;
  }
  if (value === undefined || value === null) {
    const others = Object.entries(comparison).filter(([key, operandValue]) => key !== 'exists' && operandValue !== undefined);
    return comparison.exists === false && others.length === 0;
  }
  const values: unknown[] = Array.isArray(value) ? value : [value];
  if (values.length === 0) return false;
  const operand = (raw: unknown): unknown =>
    raw !== null && typeof raw === 'object' && 'ref' in raw ? resolve((raw as { ref: string }).ref) : raw;
  const checks: Array<(element: unknown) => boolean> = [];
  const negative: Array<(element: unknown) => boolean> = [];
  if (comparison.eq !== undefined) checks.push((element) => same(element, operand(comparison.eq)));
  if (comparison.in !== undefined) checks.push((element) => comparison.in!.some((candidate) => same(element, candidate)));
  if (comparison.lt !== undefined) checks.push((element) => ordered(element, operand(comparison.lt), (c) => c < 0));
  if (comparison.lte !== undefined) checks.push((element) => ordered(element, operand(comparison.lte), (c) => c <= 0));
  if (comparison.gt !== undefined) checks.push((element) => ordered(element, operand(comparison.gt), (c) => c > 0));
  if (comparison.gte !== undefined) checks.push((element) => ordered(element, operand(comparison.gte), (c) => c >= 0));
  if (comparison.between !== undefined) checks.push((element) => between(element, comparison.between!));
  if (comparison.ne !== undefined)
    negative.push((element) => comparable(element, operand(comparison.ne)) && !same(element, operand(comparison.ne)));
  if (comparison.notIn !== undefined)
    negative.push((element) => isScalar(element) && !comparison.notIn!.some((candidate) => same(element, candidate)));
  return checks.every((check) => values.some(check)) && negative.every((check) => values.every(check));
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function comparable(left: unknown, right: unknown): boolean {
  return isScalar(left) && isScalar(right);
}

function same(left: unknown, right: unknown): boolean {
  return isScalar(left) && isScalar(right) && left === right;
}

/** Numbers with numbers, strings with strings (HH:MM and ISO dates order correctly); anything else never matches. */
function ordered(left: unknown, right: unknown, accept: (comparison: number) => boolean): boolean {
  if (typeof left === 'number' && typeof right === 'number') {
    return Number.isFinite(left) && Number.isFinite(right) && accept(left - right);
  }
  if (typeof left === 'string' && typeof right === 'string') return accept(left < right ? -1 : left > right ? 1 : 0);
  return false;
}

function between(value: unknown, [from, to]: [number, number] | [string, string]): boolean {
  if (!ordered(value, from, () => true)) return false;
  const atLeastFrom = ordered(value, from, (c) => c >= 0);
  const atMostTo = ordered(value, to, (c) => c <= 0);
  // A range whose end is before its start wraps (22:00–06:00 spans midnight).
  return (from as number | string) <= (to as number | string) ? atLeastFrom && atMostTo : atLeastFrom || atMostTo;
}
