/**
 * Checks an answer sentence by sentence before anyone sees it: citations that do not resolve to a
 * passage or tool result of this run are removed, and sentences claiming an action ran are dropped
 * unless the gate's outcome says it executed. Works on a token stream and on a whole text alike.
 */
import type { Citation } from '../../retrieval/citation.ts';
import { ReasoningFilter } from '../prompts/reasoning-text.ts';
import type { CitationIndex } from './citation-index.ts';

export interface GuardContext {
  citations: CitationIndex;
  /** Names of tools whose outcome in this run was `executed`. */
  executedTools: ReadonlySet<string>;
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

const ANY_WRITE = '*';
// Verb → write tools that could make a first-person claim with it true.
const CLAIM_VERBS: Array<[RegExp, string[]]> = [
  [/refund(ed)?|reimbursed|credited/, ['issue_refund']],
  [/placed|put|held/, ['place_order_hold', 'apply_credit_hold']],
  [/released|lifted|removed/, ['release_order_hold', 'release_credit_hold', 'release_reservation']],
  [/reallocated|moved|re-?routed/, ['reallocate_order_line']],
  [/retried|resent|re-?synced|re-?pushed|resubmitted/, ['retry_erp_sync']],
  [/corrected|updated|fixed|changed/, ['correct_shipping_address', 'override_price', 'adjust_inventory']],
  [/sent|notified|emailed/, ['send_backorder_notice']],
  [/created|raised|ordered/, ['create_purchase_order']],
  [/adjusted/, ['adjust_inventory']],
  [/overr(ode|idden)/, ['override_price']],
  [/restocked|scrapped|disposed|dispositioned/, ['set_return_disposition']],
  [/executed|processed|applied|completed|done|carried out|performed|issued|cancell?ed|approved/, [ANY_WRITE]],
];
const VERB_ALTERNATION = CLAIM_VERBS.map(([pattern]) => pattern.source).join('|');
const FIRST_PERSON_CLAIM = new RegExp(
  `\\b(?:I|we)(?:'ve|\\s+have|\\s+just|\\s+now|\\s+already|\\s+successfully)*\\s+(${VERB_ALTERNATION})\\b`,
  'i',
);
// Passive claims name the action by its noun; the noun says which tool would have to have run.
const NOUN_TOOLS: Array<[RegExp, string[]]> = [
  [/refund/, ['issue_refund']],
  [/reallocation/, ['reallocate_order_line']],
  [/adjustment/, ['adjust_inventory']],
  [/correction/, ['correct_shipping_address']],
  [/override/, ['override_price']],
  [/notice/, ['send_backorder_notice']],
  [/purchase order/, ['create_purchase_order']],
  [/retry/, ['retry_erp_sync']],
  [/hold/, ['place_order_hold', 'apply_credit_hold', 'release_order_hold', 'release_credit_hold']],
  [/action|request|change/, [ANY_WRITE]],
];
const PASSIVE_CLAIM = new RegExp(
  `\\b(refund|reallocation|adjustment|correction|override|notice|purchase order|retry|action|request|change|hold)s?\\s+(?:has|have)\\s+(?:now\\s+|already\\s+|successfully\\s+)?been\\s+(${VERB_ALTERNATION})\\b`,
  'i',
);

function claimedTools(sentence: string): string[] | undefined {
  const passive = PASSIVE_CLAIM.exec(sentence);
  if (passive) return NOUN_TOOLS.find(([pattern]) => pattern.test(passive[1]!.toLowerCase()))?.[1] ?? [ANY_WRITE];
  const match = FIRST_PERSON_CLAIM.exec(sentence);
  if (!match) return undefined;
  const verb = match[1]!.toLowerCase();
  return CLAIM_VERBS.find(([pattern]) => new RegExp(`^(?:${pattern.source})$`, 'i').test(verb))?.[1] ?? [ANY_WRITE];
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
    const tools = claimedTools(checked);
    if (tools) {
      const executed = this.#context.executedTools;
      const true_ = tools.includes(ANY_WRITE) ? executed.size > 0 : tools.some((tool) => executed.has(tool));
      if (!true_) {
        this.#removedClaims.push(checked.trim());
        return checked.endsWith('\n') ? '\n' : '';
      }
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
