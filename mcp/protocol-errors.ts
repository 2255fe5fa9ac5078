/**
 * Errors leaving resource reads and prompts become JSON-RPC errors, whose message the SDK sends as
 * is. Only messages written for callers may pass: domain errors keep theirs, anything else (a driver
 * error carrying PostgreSQL's text, a bug) becomes a generic internal error and goes to the log.
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../core/errors.ts';
import { unsafeTextProblem } from '../core/text/safe-text.ts';
import type { McpLog } from './call-tool-result.ts';

/** The text rule for one named parameter (a URI template variable, a prompt argument): InvalidParams naming it. */
export function requireSafeText(field: string, value: string): string {
  const problem = unsafeTextProblem(value);
  if (problem) throw new McpError(ErrorCode.InvalidParams, `invalid ${field}: ${problem}`, { issues: [{ path: field, message: problem }] });
  return value;
}

export function toProtocolError(error: unknown, log: McpLog, context: Record<string, unknown>): McpError {
  if (error instanceof McpError) return error;
  if (error instanceof AppError) {
    const code = error.code === 'validation_failed' ? ErrorCode.InvalidParams : ErrorCode.InternalError;
    return new McpError(code, `${error.code}: ${error.message}`, error.details);
  }
  log('request failed', { ...context, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return new McpError(ErrorCode.InternalError, 'internal error (details in the server log)');
}
