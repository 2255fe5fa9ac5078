/**
 * Citations: patterns that must appear, may appear, must not appear. A pattern `doc-id` matches any
 * section of that document, `doc-id#section` one section, and `*` is a wildcard (`tool:get_order:*`).
 * Precision is measured over document citations (not `tool:` entity citations): the share of cited
 * passages that are expected (must or may); recall is the share of `must` patterns cited.
 */
import type { Citation } from '../../retrieval/citation.ts';
import type { CitationsExpectation } from '../suite/suite-schema.ts';

export interface CitationVerdict {
  passed: boolean;
  diff: string[];
  /** Document citations that match must or may / that match nothing expected. */
  precise: number;
  imprecise: number;
  mustFound: number;
  mustTotal: number;
}

export function citationPatternMatches(pattern: string, ref: string): boolean {
  if (pattern.includes('*')) {
    const regex = new RegExp(
      `^${pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return regex.test(ref) || (!pattern.includes('#') && regex.test(ref.split('#')[0]!));
  }
  return pattern.includes('#') || pattern.startsWith('tool:') ? ref === pattern : ref === pattern || ref.startsWith(`${pattern}#`);
}

export const isDocumentCitation = (ref: string): boolean => !ref.startsWith('tool:');

export function matchCitations(expected: CitationsExpectation, citations: readonly Citation[]): CitationVerdict {
  const refs = [...new Set(citations.map((citation) => citation.ref))];
  const diff: string[] = [];
  let mustFound = 0;
  for (const pattern of expected.must) {
    if (refs.some((ref) => citationPatternMatches(pattern, ref))) mustFound += 1;
    else diff.push(`missing citation: ${pattern} (cited: ${refs.join(', ') || 'nothing'})`);
  }
  for (const pattern of expected.mustNot) {
    for (const ref of refs.filter((candidate) => citationPatternMatches(pattern, candidate)))
      diff.push(`forbidden citation: ${ref} (matches ${pattern})`);
  }
  const allowed = [...expected.must, ...expected.may];
  const documentRefs = refs.filter(isDocumentCitation);
  const precise = documentRefs.filter((ref) => allowed.some((pattern) => citationPatternMatches(pattern, ref))).length;
  return { passed: diff.length === 0, diff, precise, imprecise: documentRefs.length - precise, mustFound, mustTotal: expected.must.length };
}
