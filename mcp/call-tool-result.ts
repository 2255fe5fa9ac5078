/**
 * How gated outcomes and errors become MCP tool results. A policy decision is data, not a failure:
 * executed, pending approval and denied all come back with `isError: false` and the outcome as
 * `structuredContent`, so a model reads the reason instead of retrying. `isError: true` is kept for
 * calls the model can fix or must know failed: arguments outside the schema, an execution that failed
 * (precondition no longer holds), an unknown proposal.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../core/errors.ts';
import type { ToolOutcome } from '../tools/outcome.ts';

export type McpLog = (message: string, fields?: Record<string, unknown>) => void;

/** Logs go to stderr: on stdio, stdout belongs to the protocol. */
export const stderrLog: McpLog = (message, fields) => {
  process.stderr.write(`[mcp] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`);
};

/** Structured content must be plain JSON (dates as ISO strings, no undefined), as it will be on the wire. */
export function toJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function structuredResult(content: Record<string, unknown>, isError = false): CallToolResult {
  const json = toJson(content);
  // The serialised JSON is repeated as text for clients that ignore structuredContent (spec recommendation).
  return { content: [{ type: 'text', text: JSON.stringify(json, null, 2) }], structuredContent: json, isError };
}

export function outcomeResult(outcome: ToolOutcome): CallToolResult {
  return structuredResult(outcome, outcome.status === 'failed');
}

/**
 * A thrown error as a tool error. Domain errors carry a code and a safe message; anything else is
 * reported as internal (its message may hold internals) and logged.
 */
export function errorResult(error: unknown, log: McpLog, context: Record<string, unknown>): CallToolResult {
  if (error instanceof AppError) {
    const body = error.toJSON();
    return {
      content: [
        { type: 'text', text: `${body.code}: ${body.message}${body.details === undefined ? '' : `\n${JSON.stringify(body.details)}`}` },
      ],
      isError: true,
    };
  }
  log('tool call failed', { ...context, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return { content: [{ type: 'text', text: 'internal: the tool call failed on the server' }], isError: true };
}
