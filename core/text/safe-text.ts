/**
 * The one input rule for text at every edge (HTTP, events, MCP, CLI, files): no NUL character and no
 * unpaired UTF-16 surrogate. PostgreSQL cannot store either (text refuses U+0000, jsonb refuses the
 * \u0000 escape and lone surrogate escapes), so such input would fail deep inside a transaction as an
 * internal error; checked at the edge it is a validation error naming the field instead.
 */
import { z } from 'zod';
import type { FieldIssue } from '../errors.ts';

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point of this rule.
const UNSAFE_CHARACTER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSAFE_CHARACTERS = new RegExp(UNSAFE_CHARACTER.source, 'g');

/** Deeper input than this is refused outright (no edge accepts data nested this deep). */
export const MAX_INPUT_DEPTH = 64;
/** At most this many issues are reported for one input (the first ones, depth first). */
const MAX_ISSUES = 20;

const hex = (character: string): string => character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');

/** Why `text` breaks the rule, or undefined when it is fine. */
export function unsafeTextProblem(text: string): string | undefined {
  const found = UNSAFE_CHARACTER.exec(text);
  if (!found) return undefined;
  if (found[0] === '\u0000') return 'must not contain a NUL character (U+0000)';
  return `must not contain an unpaired UTF-16 surrogate (U+${hex(found[0])})`;
}

/** Where in `text` the rule is first broken (a UTF-16 offset) and why; for sources reported by line. */
export function firstUnsafeCharacter(text: string): { offset: number; problem: string } | undefined {
  const found = UNSAFE_CHARACTER.exec(text);
  if (!found) return undefined;
  return { offset: found.index, problem: unsafeTextProblem(found[0])! };
}

export function isSafeText(text: string): boolean {
  return !UNSAFE_CHARACTER.test(text);
}

/**
 * Every string (and object key) in `value` that breaks the rule, with its path ("data.lines.0.sku").
 * Input nested deeper than MAX_INPUT_DEPTH is one issue at the depth where it goes too far.
 */
export function findUnsafeText(
  value: unknown,
  prefix: ReadonlyArray<string | number> = [],
): Array<{ path: Array<string | number>; message: string }> {
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  const visit = (node: unknown, path: Array<string | number>): void => {
    if (issues.length >= MAX_ISSUES) return;
    if (typeof node === 'string') {
      const problem = unsafeTextProblem(node);
      if (problem) issues.push({ path, message: problem });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (path.length - prefix.length >= MAX_INPUT_DEPTH) {
      issues.push({ path, message: `nested deeper than ${MAX_INPUT_DEPTH} levels` });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    for (const [key, item] of Object.entries(node)) {
      const problem = unsafeTextProblem(key);
      if (problem) issues.push({ path: [...path, escapeUnsafeText(key)], message: `field name ${problem}` });
      else visit(item, [...path, key]);
    }
  };
  visit(value, [...prefix]);
  return issues;
}

/** The issues of findUnsafeText as field issues ("data.notes: must not contain …"). */
export function unsafeTextIssues(value: unknown, prefix: ReadonlyArray<string | number> = []): FieldIssue[] {
  return findUnsafeText(value, prefix).map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}

/**
 * A lossless, storable spelling of text that breaks the rule: each NUL or unpaired surrogate becomes
 * the six characters of its JSON escape (\u0000, \uD800). For showing and storing diagnostics only.
 */
export function escapeUnsafeText(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, (character) => `\\u${hex(character)}`);
}

/**
 * escapeUnsafeText over every string and key of a JSON-like value. Parts nested deeper than
 * MAX_INPUT_DEPTH (which no edge accepts) are replaced by a note: serialising them could overflow the stack.
 */
export function escapeUnsafeDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return escapeUnsafeText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_INPUT_DEPTH) return `(nested deeper than ${MAX_INPUT_DEPTH} levels; not kept)`;
  if (Array.isArray(value)) return value.map((item) => escapeUnsafeDeep(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [escapeUnsafeText(key), escapeUnsafeDeep(item, depth + 1)]));
}

/** A string schema under the rule; the base for every free-text field. */
export const safeTextSchema = z.string().refine(isSafeText, { error: (issue) => unsafeTextProblem(String(issue.input)) ?? 'invalid text' });

/**
 * Wraps any schema so that, before it runs, every string and key in the input is checked against the
 * rule (issues carry their field paths). Used at the edges where input arrives as a whole.
 */
export function safeInput<S extends z.ZodType>(schema: S) {
  return z
    .unknown()
    .superRefine((value, context) => {
      for (const issue of findUnsafeText(value)) context.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    })
    .pipe(schema);
}
