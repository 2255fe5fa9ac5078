/** Small helpers that keep tool results compact, JSON-friendly and citable. */
import { z } from 'zod';
import { citationSchema, type Citation } from '../../retrieval/citation.ts';

/** `tool:<name>:<entity>`: the citation a result gives so an answer can point at the record it used. */
export function toolCitation(tool: string, entity: string, title: string): Citation {
  return { ref: `tool:${tool}:${entity}`, title };
}

export const citationsField = z.array(citationSchema).describe('Citations for the records in this result (tool:<name>:<entity>).');

/** Timestamps leave tools as ISO-8601 strings, so the output schema is plain JSON Schema. */
export function iso(value: Date): string;
export function iso(value: Date | null | undefined): string | null;
export function iso(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

/** A calendar date (YYYY-MM-DD) for promised dates, which are days, not instants. */
export function isoDay(value: Date | null | undefined): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

/** An ISO-8601 timestamp in a result (a plain string keeps the output JSON Schema short). */
export const timestampField = z.string();

/**
 * Free text that came from customers, channels or other systems (order notes, return reasons,
 * carrier messages). Tools return it under `untrusted…` names so prompts can fence it as data.
 */
export const untrustedTextField = z.string().nullable();

/** Cuts long free text so one field cannot flood a model's context. */
export function clip(text: string | null | undefined, max = 1000): string | null {
  if (text === null || text === undefined) return null;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
