/** A remediation draft: concrete arguments for a tool, or the reason the tool does not fit this case. */
import type { ArgumentSources } from '../fill-arguments.ts';
import type { TriageKnowledge } from '../triage-knowledge.ts';

export type Draft = { ok: true; role: 'contain' | 'fix'; sources: ArgumentSources; rationale: string } | { ok: false; reason: string };

export type Drafter = (knowledge: TriageKnowledge) => Draft[] | Draft;

export const decline = (reason: string): Draft => ({ ok: false, reason });
export const money = (value: number): string => value.toFixed(2);
export const day = (date: Date): string => date.toISOString().slice(0, 10);
