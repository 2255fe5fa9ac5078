/** Small readers over tool results (plain JSON) used by the offline planners and answer writer. */
import { inlineMarkdownToText } from '../../../retrieval/markdown-emphasis.ts';
import type { ToolExchange } from './conversation.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every value under a key matching `key`, depth-first, up to `maxDepth` levels down. */
export function findValues(value: unknown, key: RegExp, maxDepth = 5): unknown[] {
  const found: unknown[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > maxDepth) return;
    if (Array.isArray(node)) node.forEach((item) => visit(item, depth + 1));
    else if (isRecord(node)) {
      for (const [name, child] of Object.entries(node)) {
        if (key.test(name)) found.push(child);
        visit(child, depth + 1);
      }
    }
  };
  visit(value, 0);
  return found;
}

export function firstString(value: unknown, key: RegExp): string | undefined {
  for (const candidate of findValues(value, key)) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate;
    if (typeof candidate === 'number') return String(candidate);
  }
  return undefined;
}

export function firstNumber(value: unknown, key: RegExp): number | undefined {
  for (const candidate of findValues(value, key)) {
    if (typeof candidate === 'number' && Number.isFinite(candidate)) return candidate;
    if (typeof candidate === 'string' && candidate.trim() && Number.isFinite(Number(candidate))) return Number(candidate);
  }
  return undefined;
}

/** Successful results of a tool in this turn, newest last. */
export function resultsOf(exchanges: readonly ToolExchange[], tool: string): unknown[] {
  return exchanges
    .filter((exchange) => exchange.name === tool && exchange.outcome?.status === 'ok')
    .map((exchange) => exchange.outcome!.result);
}

export function lastResultOf(exchanges: readonly ToolExchange[], tool: string): unknown {
  return resultsOf(exchanges, tool).at(-1);
}

/** A runbook passage found in a result: anything carrying a citation ref with text. */
export interface Passage {
  ref: string;
  title?: string;
  headingPath?: string[];
  excerpt: string;
  documentId?: string;
  /** Front-matter of the runbook when the retrieval result includes it. */
  appliesTo?: string[];
  actions?: string[];
  /** runbook, sop, policy… when the search result says. */
  docType?: string;
  /** `tenant` for the merchant's own documents (they take precedence), when the search result says. */
  visibility?: string;
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;

export function passagesIn(result: unknown): Passage[] {
  const passages: Passage[] = [];
  const visit = (node: unknown, inherited: Record<string, unknown>, depth: number): void => {
    if (depth > 6) return;
    if (Array.isArray(node)) {
      node.forEach((item) => visit(item, inherited, depth + 1));
      return;
    }
    if (!isRecord(node)) return;
    const context = { ...inherited, ...node };
    const citation = isRecord(node.citation) ? node.citation : node;
    const ref = typeof citation.ref === 'string' ? citation.ref : undefined;
    const text = [node.text, node.content, node.excerpt, citation.excerpt].find((candidate) => typeof candidate === 'string') as
      | string
      | undefined;
    if (ref?.includes('#') && text) {
      const metadata = isRecord(node.metadata) ? node.metadata : {};
      passages.push({
        ref,
        excerpt: text,
        ...(typeof (citation.title ?? node.title ?? context.title) === 'string'
          ? { title: String(citation.title ?? node.title ?? context.title) }
          : {}),
        ...(strings(citation.headingPath ?? node.headingPath) ? { headingPath: strings(citation.headingPath ?? node.headingPath)! } : {}),
        ...(typeof (citation.documentId ?? node.documentId) === 'string'
          ? { documentId: String(citation.documentId ?? node.documentId) }
          : {}),
        ...(strings(node.appliesTo ?? node.applies_to ?? metadata.appliesTo ?? metadata.applies_to ?? context.appliesTo)
          ? { appliesTo: strings(node.appliesTo ?? node.applies_to ?? metadata.appliesTo ?? metadata.applies_to ?? context.appliesTo)! }
          : {}),
        ...(strings(node.actions ?? metadata.actions ?? context.actions)
          ? { actions: strings(node.actions ?? metadata.actions ?? context.actions)! }
          : {}),
        ...(typeof node.visibility === 'string' ? { visibility: node.visibility } : {}),
        ...(typeof (node.docType ?? metadata.docType ?? metadata.type) === 'string'
          ? { docType: String(node.docType ?? metadata.docType ?? metadata.type) }
          : {}),
      });
      return;
    }
    for (const child of Object.values(node)) visit(child, context, depth + 1);
  };
  visit(result, {}, 0);
  return passages;
}

/** The first sentences of a passage, enough to quote without flooding an answer. */
export function leadSentences(text: string, maxChars = 320): string {
  const body = inlineMarkdownToText(
    text
      .replace(/^---[\s\S]*?---\s*/, '')
      .replace(/^#+\s.*$/gm, '')
      .replace(/\|/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
  if (body.length <= maxChars) return body;
  const cut = body.slice(0, maxChars);
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('; '));
  return `${end > 80 ? cut.slice(0, end + 1) : cut.trimEnd()}…`;
}
