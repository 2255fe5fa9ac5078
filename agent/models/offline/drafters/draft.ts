/**
 * A remediation draft: concrete arguments for a tool, or the reason the tool does not fit this case.
 * `contain` stops damage while a person decides, `fix` addresses the cause, and `protect` shares out
 * what is left until the fix lands (a ring-fence for a key channel), proposed alongside both.
 */
import type { ArgumentSources } from '../fill-arguments.ts';
import type { TriageKnowledge } from '../triage-knowledge.ts';

export type DraftRole = 'contain' | 'protect' | 'fix';

export type Draft = { ok: true; role: DraftRole; sources: ArgumentSources; rationale: string } | { ok: false; reason: string };

export type Drafter = (knowledge: TriageKnowledge) => Draft[] | Draft;

export const decline = (reason: string): Draft => ({ ok: false, reason });
export const money = (value: number): string => value.toFixed(2);
export const day = (date: Date): string => date.toISOString().slice(0, 10);

/** Where a condition comes from, for rationales: "rb-erp-sync-failed" or "the runbook". */
export const runbookName = (knowledge: TriageKnowledge): string => knowledge.conditionsFrom ?? 'the runbook';

/**
 * The decline when the governing runbook's front-matter does not state a condition a draft depends on:
 * the drafter never falls back to a number of its own (retrieval/runbook-conditions.ts).
 */
export const unstated = (knowledge: TriageKnowledge, key: string, what: string): Draft =>
  decline(`${runbookName(knowledge)} states no ${what} (front-matter conditions.${key}): a person decides`);
