/**
 * Tools offered per step from what the run needs, not all 25 schemas (~10k tokens) on every call. In
 * triage the model is offered the read tools, the write tools the governing runbook names (its
 * front-matter `actions`) and `finish_triage`; a write the runbook does not prescribe is not on the
 * table. Chat offers what the person's roles allow (the toolbox is already filtered by role): a rep's
 * request may ask for any of them. The gate still answers every call, offered or not.
 */
import { createMiddleware } from 'langchain';
import type { ToolDescriptor } from '../toolbox/toolbox.ts';

/** The names offered to the model: every read, plus the writes in `writes` (all writes when undefined). */
export function offeredToolNames(
  descriptors: readonly ToolDescriptor[],
  writes: readonly string[] | undefined,
  extra: readonly string[] = [],
): Set<string> {
  return new Set([
    ...descriptors
      .filter((descriptor) => descriptor.kind !== 'write' || !writes || writes.includes(descriptor.name))
      .map((descriptor) => descriptor.name),
    ...extra,
  ]);
}

export function toolOfferMiddleware(options: { offered: ReadonlySet<string> }) {
  return createMiddleware({
    name: 'ToolOffer',
    wrapModelCall: async (request, handler) => {
      const tools = request.tools.filter((tool) => options.offered.has(String((tool as { name?: unknown }).name)));
      return handler(tools.length === request.tools.length ? request : { ...request, tools });
    },
  });
}
