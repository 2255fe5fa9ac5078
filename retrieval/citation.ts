import { z } from 'zod';

/** A citation to a runbook passage or a tool result, carried by tool outputs, proposals and answers. */
export const citationSchema = z.object({
  /** `runbook-id#section-slug` for runbook passages, `tool:<name>:<entity id>` for tool results. */
  ref: z.string().min(1),
  title: z.string().optional(),
  documentId: z.string().optional(),
  version: z.number().int().optional(),
  headingPath: z.array(z.string()).optional(),
  excerpt: z.string().optional(),
});
export type Citation = z.infer<typeof citationSchema>;
