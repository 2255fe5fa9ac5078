/**
 * Parses a YAML policy and validates it against the schema, reporting each problem with the line,
 * column and field it concerns. A document with any problem is rejected whole.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ValidationError, type FieldIssue } from '../core/errors.ts';
import { firstUnsafeCharacter } from '../core/text/safe-text.ts';
import { policyDocumentSchema, type PolicyDocument } from './policy-document.ts';

export interface PolicyIssue extends FieldIssue {
  /** 1-based line and column in the YAML source. */
  line: number;
  column: number;
}

export class PolicyValidationError extends ValidationError {
  declare readonly issues: PolicyIssue[];
  constructor(issues: PolicyIssue[]) {
    super(`invalid policy: ${issues.map((issue) => `line ${issue.line}: ${issue.path}: ${issue.message}`).join('; ')}`, issues);
  }
}

export type PolicyValidation = { ok: true; document: PolicyDocument } | { ok: false; issues: PolicyIssue[] };

/** Bigger than any sensible policy; keeps a hostile upload from costing much. */
const MAX_SOURCE_LENGTH = 256 * 1024;

export function validatePolicySource(source: string): PolicyValidation {
  if (source.length > MAX_SOURCE_LENGTH) {
    return {
      ok: false,
      issues: [{ path: '(root)', message: `policy is larger than ${MAX_SOURCE_LENGTH} characters`, line: 1, column: 1 }],
    };
  }
  const lineCounter = new LineCounter();
  // The text rule (core/text/safe-text.ts): the source is stored as text, which cannot hold these.
  const unsafe = firstUnsafeCharacter(source);
  if (unsafe) {
    lineCounter.addNewLine(0);
    for (const match of source.matchAll(/\n/g)) lineCounter.addNewLine(match.index + 1);
    const position = lineCounter.linePos(unsafe.offset);
    return { ok: false, issues: [{ path: '(yaml)', message: unsafe.problem, line: position.line, column: position.col }] };
  }
  const document = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return { path: '(yaml)', message: error.message.split('\n')[0]!, line: position.line, column: position.col };
      }),
    };
  }
  let value: unknown;
  try {
    // Alias expansion is capped so "billion laughs" documents fail fast.
    value = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return { ok: false, issues: [{ path: '(yaml)', message: (error as Error).message, line: 1, column: 1 }] };
  }
  const parsed = policyDocumentSchema.safeParse(value ?? {});
  if (parsed.success) return { ok: true, document: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => {
      // An unknown key is reported on the key itself, not on the object holding it.
      const keys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : [];
      const path = keys.length > 0 ? [...issue.path, keys[0]!] : issue.path;
      const position = locate(document, lineCounter, path, keys.length > 0);
      return { path: formatPath(path), message: issue.message, ...position };
    }),
  };
}

/** Validates a YAML policy, throwing PolicyValidationError (code validation_failed) naming line and field. */
export function parsePolicySource(source: string): PolicyDocument {
  const result = validatePolicySource(source);
  if (!result.ok) throw new PolicyValidationError(result.issues);
  return result.document;
}

/** `rules[2].when.amount` */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}

/** The deepest node on the path that exists (a missing field is reported where its parent is). */
function locate(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  atKey: boolean,
): { line: number; column: number } {
  let node: Node | null | undefined = document.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const [index, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const key = pair.key as Node;
      node = pair.value as Node | null;
      // An unknown key is pointed at the key itself; a bad value at the value.
      const pointAtKey = atKey && index === path.length - 1;
      offset = (pointAtKey ? key.range?.[0] : node?.range?.[0]) ?? key.range?.[0] ?? offset;
      if (!node) break;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else break;
  }
  const position = lineCounter.linePos(offset);
  return { line: position.line, column: position.col };
}
