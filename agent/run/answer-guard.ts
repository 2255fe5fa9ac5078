/**
 * Checks an answer sentence by sentence before anyone sees it: citations that do not resolve to a
 * passage or tool result of this run are removed, and sentences claiming an action ran are dropped
 * unless the gate's outcome says it executed, or — for a report of a record's state or history rather
 * than a claim of acting now — a tool result of the run shows it (completion-claims.ts tells the two
 * apart). Works on a token stream and on a whole text alike.
 */
import type { Citation } from '../../retrieval/citation.ts';
import { ReasoningFilter } from '../prompts/reasoning-text.ts';
import type { CitationIndex } from './citation-index.ts';
import { claimHolds, type ExecutedCall, findCompletionClaims, type ObservedResult } from './completion-claims.ts';

export interface GuardContext {
  citations: CitationIndex;
  /** Names of tools whose outcome in this run was `executed`. */
  executedTools: ReadonlySet<string>;
  /** The executed calls with their arguments, so a claim about another order than the one acted on is caught too. */
  executedCalls?: readonly ExecutedCall[];
  /** The tool results this run received: a report of a record's state or history stands when one of them shows it. */
  observedResults?: readonly ObservedResult[];
}

export interface GuardReport {
  citations: Citation[];
  removedCitations: string[];
  removedClaims: string[];
}

/** A citation ref: `runbook-id#section` or `tool:<name>:<id>`. Other bracketed text is left alone. */
export function isCitationRef(text: string): boolean {
  return /^tool:[A-Za-z0-9_./-]+:\S+$/.test(text) || /^[a-z0-9][a-z0-9._-]*#[a-z0-9._-]+$/i.test(text);
}

export class AnswerGuard {
  readonly #context: GuardContext;
  readonly #cited = new Map<string, Citation>();
  readonly #removedCitations: string[] = [];
  readonly #removedClaims: string[] = [];
  #buffer = '';
  // Reasoning blocks (<think>…</think>) are the model's scratchpad: dropped before anything is checked or shown.
  readonly #reasoning = new ReasoningFilter();

  constructor(context: GuardContext) {
    this.#context = context;
  }

  /** Feeds streamed text; returns what is safe to show now (whole checked sentences). */
  push(text: string): string {
    this.#buffer += this.#reasoning.push(text);
    let shown = '';
    for (;;) {
      const end = this.#sentenceEnd(this.#buffer);
      if (end < 0) break;
      shown += this.#checkSentence(this.#buffer.slice(0, end));
      this.#buffer = this.#buffer.slice(end);
    }
    return shown;
  }

  /** Releases the rest of the text once the model has finished. */
  flush(): string {
    this.#buffer += this.#reasoning.flush();
    const rest = this.#checkSentence(this.#buffer);
    this.#buffer = '';
    return rest;
  }

  report(): GuardReport {
    return { citations: [...this.#cited.values()], removedCitations: [...this.#removedCitations], removedClaims: [...this.#removedClaims] };
  }

  /** Index just past the first complete sentence (terminator plus following whitespace), or -1. */
  #sentenceEnd(text: string): number {
    let depth = 0;
    for (let i = 0; i < text.length; i += 1) {
      const char = text[i]!;
      if (char === '[') depth += 1;
      else if (char === ']') depth = Math.max(0, depth - 1);
      // An unclosed bracket holds the sentence (a citation may still be arriving), within reason.
      if (depth > 0 && i < 600) continue;
      if (char === '\n') return i + 1;
      if ((char === '.' || char === '!' || char === '?') && i + 1 < text.length && /\s/.test(text[i + 1]!)) {
        let j = i + 1;
        while (j < text.length && /[ \t]/.test(text[j]!)) j += 1;
        return j;
      }
    }
    return -1;
  }

  #checkSentence(sentence: string): string {
    if (!sentence) return '';
    const checked = sentence.replace(/\s?\[([^[\]\n]{1,400})\]/g, (whole, inner: string) => {
      const parts = inner.split(/\s*[,;]\s*/).map((part) => part.trim().replace(/^(source|see|cite):\s*/i, ''));
      if (!parts.every(isCitationRef)) return whole;
      const kept = parts.filter((ref) => {
        const citation = this.#context.citations.resolve(ref);
        if (citation) this.#cited.set(ref, citation);
        else this.#removedCitations.push(ref);
        return citation !== undefined;
      });
      if (!kept.length) return '';
      const lead = whole.startsWith(' ') ? ' ' : '';
      return `${lead}${kept.map((ref) => `[${ref}]`).join(' ')}`;
    });
    const executed = this.#context.executedCalls ?? [...this.#context.executedTools].map((name) => ({ name, args: undefined }));
    // A sentence that claims anything this run did not execute (or, reporting a record, that no record it read shows) goes;
    // the answer then states what actually happened.
    const observed = this.#context.observedResults ?? [];
    if (findCompletionClaims(checked).some((claim) => !claimHolds(claim, executed, observed))) {
      this.#removedClaims.push(checked.trim());
      return checked.endsWith('\n') ? '\n' : '';
    }
    return checked;
  }
}

/** Guards a complete answer at once. */
export function guardAnswer(text: string, context: GuardContext): { text: string } & GuardReport {
  const guard = new AnswerGuard(context);
  const shown = guard.push(text) + guard.flush();
  return { text: shown, ...guard.report() };
}
