/**
 * Completions (`completion/complete`) for prompt and resource-template arguments: the ids a client's
 * user would otherwise have to look up — live exceptions, runbooks, pending proposals, exception
 * types — read through the same services and principal as everything else, so a client only ever
 * sees values of its own tenant that its roles may list.
 */
import type { Principal } from '../core/identity/roles.ts';
import type { McpServices } from './mcp-services.ts';

/** The spec caps a completion at 100 values. */
const MAX_VALUES = 100;
const CANDIDATES = 200;

/** Values starting with what was typed first, then those containing it; case-insensitive; bounded. */
export function matchCompletions(candidates: readonly string[], typed: string): string[] {
  const needle = typed.trim().toLowerCase();
  const unique = [...new Set(candidates)];
  if (!needle) return unique.slice(0, MAX_VALUES);
  const starts = unique.filter((value) => value.toLowerCase().startsWith(needle));
  const contains = unique.filter((value) => !value.toLowerCase().startsWith(needle) && value.toLowerCase().includes(needle));
  return [...starts, ...contains].slice(0, MAX_VALUES);
}

export type Completer = (typed: string) => Promise<string[]>;

/**
 * A completer never fails the client's request: a role that may not list something (a rep and the
 * tenant's proposals) simply gets no suggestions.
 */
function completer(list: () => Promise<readonly string[]>): Completer {
  return async (typed) => matchCompletions(await list().catch(() => []), typed);
}

export interface ArgumentCompleters {
  exceptionId: Completer;
  runbookId: Completer;
  proposalId: Completer;
}

export function argumentCompleters(
  principal: Principal,
  services: Pick<McpServices, 'exceptions' | 'runbooks' | 'proposals'>,
): ArgumentCompleters {
  return {
    exceptionId: completer(async () =>
      (await services.exceptions.list(principal, { status: 'live', limit: CANDIDATES })).map((exception) => String(exception.id)),
    ),
    runbookId: completer(async () => (await services.runbooks.list(principal)).map((runbook) => runbook.id)),
    proposalId: completer(async () =>
      (await services.proposals.list(principal, { status: 'pending', limit: CANDIDATES })).map((proposal) => String(proposal.id)),
    ),
  };
}
