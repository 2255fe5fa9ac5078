/** A failed run's error: what the rep is told, and what the server log keeps. */
import { AppError } from '../../core/errors.ts';
import { scrubSecrets } from '../../core/scrub-secrets.ts';
import type { RunFailure } from './run-types.ts';

/** The error and what it wraps, outermost first (LangChain wraps middleware errors), at most six deep. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current: unknown = error; current && chain.length < 6; current = (current as { cause?: unknown }).cause) chain.push(current);
  return chain;
}

/** The first AppError in the cause chain, else a generic description. */
export function toRunFailure(error: unknown): RunFailure {
  const appError = causeChain(error).find((cause): cause is AppError => cause instanceof AppError);
  if (appError) return { code: appError.code, message: appError.message };
  if (error instanceof Error && error.name === 'AbortError')
    return { code: 'timeout', message: 'the run was cancelled or ran out of time' };
  // An unexpected error's text (driver, library, provider) is for the operator's log, not the rep's screen.
  return { code: 'internal', message: 'internal error while running the agent (details in the server log)' };
}

/** The raw cause of a failed run for the server log, credentials scrubbed: one JSON line on stderr. */
export function logRunFailure(runId: string, failure: RunFailure, error: unknown): void {
  if (failure.code !== 'internal' && failure.code !== 'upstream_failed') return;
  const causes = causeChain(error).map((cause) => scrubSecrets(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)));
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'error', message: 'agent run failed', runId, code: failure.code, causes })}\n`,
  );
}
