/**
 * The sources one run has actually seen: runbook passages returned by its tool calls, and entity ids
 * in its tool calls' arguments and results. An answer may cite only these.
 */
import type { Citation } from '../../retrieval/citation.ts';
import { passagesIn } from '../models/offline/result-reading.ts';

const MAX_IDS_PER_CALL = 500;

export class CitationIndex {
  readonly #passages = new Map<string, Citation>();
  /** tool name → entity ids seen in its calls. */
  readonly #entityIds = new Map<string, Set<string>>();

  /** Records a successful tool call's sources. */
  add(toolName: string, args: unknown, result: unknown): void {
    for (const passage of passagesIn(result)) {
      if (this.#passages.has(passage.ref)) continue;
      this.#passages.set(passage.ref, {
        ref: passage.ref,
        ...(passage.title ? { title: passage.title } : {}),
        ...(passage.documentId ? { documentId: passage.documentId } : {}),
        ...(passage.headingPath ? { headingPath: passage.headingPath } : {}),
        excerpt: passage.excerpt.slice(0, 500),
      });
    }
    const ids = this.#entityIds.get(toolName) ?? new Set<string>();
    const visit = (value: unknown, depth: number): void => {
      if (ids.size >= MAX_IDS_PER_CALL || depth > 6) return;
      if (typeof value === 'string' && value.length <= 100 && value.trim() && !/\s/.test(value)) ids.add(value);
      else if (typeof value === 'number' && Number.isFinite(value)) ids.add(String(value));
      else if (Array.isArray(value)) value.forEach((item) => visit(item, depth + 1));
      else if (value && typeof value === 'object') Object.values(value).forEach((item) => visit(item, depth + 1));
    };
    visit(args, 0);
    visit(result, 0);
    this.#entityIds.set(toolName, ids);
  }

  /** A passage retrieved for the run outside any tool call (the triage runbook). */
  addCitation(citation: Citation): void {
    if (!this.#passages.has(citation.ref)) this.#passages.set(citation.ref, citation);
  }

  /** The citation a ref resolves to in this run, if any. */
  resolve(ref: string): Citation | undefined {
    const passage = this.#passages.get(ref);
    if (passage) return passage;
    const match = /^tool:([A-Za-z0-9_./-]+):(.+)$/.exec(ref);
    if (match && this.#entityIds.get(match[1]!)?.has(match[2]!)) return { ref, title: `${match[1]} ${match[2]}` };
    return undefined;
  }

  get passages(): Citation[] {
    return [...this.#passages.values()];
  }
}
