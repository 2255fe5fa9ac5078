/**
 * The MCP SDK checks a request's params against the protocol's schema only inside the handler, and
 * reports a mismatch (say `arguments` that is a string) as an internal error (-32603) carrying a zod
 * dump; a line that is not JSON, or JSON that is not a JSON-RPC message, it drops without a reply, so
 * a stdio client waits forever. Both are the client's mistake. This module answers them the way
 * JSON-RPC 2.0 says, for every transport: -32700 for text that is not JSON (without an id, as MCP's schema wants), -32600 for a message that
 * is not a valid request, -32602 naming the field for params that do not fit the method, before the
 * SDK sees the message. Methods the protocol does not define are left to the SDK (-32601).
 */
import { ClientRequestSchema, ErrorCode, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { FieldIssue } from '../core/errors.ts';
import { MAX_INPUT_DEPTH } from '../core/text/safe-text.ts';

export interface JsonRpcErrorResponse {
  jsonrpc: '2.0';
  /** Left out when the message's id could not be read: MCP's schema (unlike plain JSON-RPC's `null`) allows only that. */
  id?: string | number;
  error: { code: number; message: string; data?: { issues: FieldIssue[] } };
}

/** What to do with one incoming message: pass it to the SDK, answer it here, or drop it (a malformed notification). */
export type IncomingVerdict =
  | { kind: 'pass'; message: unknown }
  | { kind: 'refuse'; response: JsonRpcErrorResponse }
  | { kind: 'drop'; reason: string };

/** The protocol's request schemas by method name, from the SDK itself, so the check follows the SDK version. */
const REQUEST_SCHEMAS = new Map<string, z.ZodType>(
  (ClientRequestSchema.options as unknown as Array<z.ZodObject<{ method: z.ZodLiteral<string> }>>).map((schema) => [
    schema.shape.method.value,
    schema as unknown as z.ZodType,
  ]),
);

const idSchema = z.union([z.string(), z.number()]);

/** One line of a stdio stream, or one HTTP body: parse, then check. */
export function checkIncomingText(text: string): IncomingVerdict {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: 'refuse', response: errorResponse(undefined, ErrorCode.ParseError, `parse error: not valid JSON (${reason})`) };
  }
  return checkIncomingMessage(message);
}

export function checkIncomingMessage(message: unknown): IncomingVerdict {
  const record =
    typeof message === 'object' && message !== null && !Array.isArray(message) ? (message as Record<string, unknown>) : undefined;
  const id = idSchema.safeParse(record?.id);
  const replyTo = id.success ? id.data : undefined;
  if (depthExceeds(message, MAX_INPUT_DEPTH + 8)) {
    // Deeper than any protocol message or tool argument we accept; also keeps schema checks off deep recursion.
    const text = `invalid params: nested deeper than ${MAX_INPUT_DEPTH} levels`;
    return refuseOrDrop(record, errorResponse(replyTo, ErrorCode.InvalidParams, text));
  }
  if (!JSONRPCMessageSchema.safeParse(message).success) {
    return refuseOrDrop(
      record,
      errorResponse(
        replyTo,
        ErrorCode.InvalidRequest,
        'invalid request: not a JSON-RPC 2.0 message (jsonrpc "2.0", a method, params an object)',
      ),
    );
  }
  if (!record || !('method' in record) || !id.success) return { kind: 'pass', message }; // a response, or a notification
  const schema = typeof record.method === 'string' ? REQUEST_SCHEMAS.get(record.method) : undefined;
  if (!schema) return { kind: 'pass', message };
  const parsed = schema.safeParse({ method: record.method, params: record.params });
  const issues: FieldIssue[] = parsed.success
    ? uriIssues(record.params)
    : parsed.error.issues.map((issue) => ({
        path: issue.path.length > 0 ? issue.path.map(String).join('.') : 'params',
        message: issue.message,
      }));
  if (issues.length === 0) return { kind: 'pass', message };
  const text = `invalid params: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`;
  return {
    kind: 'refuse',
    response: {
      ...errorResponse(id.data, ErrorCode.InvalidParams, text),
      error: { code: ErrorCode.InvalidParams, message: text, data: { issues } },
    },
  };
}

/**
 * The protocol types a resource URI as any string, but the SDK parses it with `new URL()` inside the
 * handler, so text that is no URL at all (a space in the host, say) would surface as an internal error.
 */
function uriIssues(params: unknown): FieldIssue[] {
  const uri = (params as { uri?: unknown } | undefined)?.uri;
  if (typeof uri !== 'string' || URL.canParse(uri)) return [];
  return [{ path: 'params.uri', message: 'not a valid URI' }];
}

/** JSON-RPC: a notification (no id) is never answered, even when it is wrong. */
function refuseOrDrop(record: Record<string, unknown> | undefined, response: JsonRpcErrorResponse): IncomingVerdict {
  const isNotification = record !== undefined && typeof record.method === 'string' && !('id' in record);
  return isNotification ? { kind: 'drop', reason: response.error.message } : { kind: 'refuse', response };
}

function errorResponse(id: string | number | undefined, code: number, message: string): JsonRpcErrorResponse {
  return { jsonrpc: '2.0', ...(id === undefined ? {} : { id }), error: { code, message } };
}

/** Iterative, so a hostile depth cannot overflow the stack here either. */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
