/**
 * At the HTTP edge, a single JSON-RPC request whose params do not fit its method is answered here
 * (mcp/malformed-messages.ts) as invalid params naming the field, before the SDK would call it an
 * internal error. Text that is not JSON or not a JSON-RPC message is left to the transport, which
 * answers it with HTTP 400 and its own JSON-RPC error, as the Streamable HTTP transport specifies.
 */
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { checkIncomingMessage } from '../malformed-messages.ts';

/** A JSON-RPC error response for a single malformed request; undefined when there is nothing to refuse. */
export async function refuseMalformedParams(request: Request): Promise<Response | undefined> {
  let message: unknown;
  try {
    message = JSON.parse(await request.clone().text());
  } catch {
    return undefined; // not JSON: the transport answers with its parse error
  }
  if (Array.isArray(message)) return undefined; // a batch: the transport checks each message
  const verdict = checkIncomingMessage(message);
  if (verdict.kind !== 'refuse' || verdict.response.error.code !== ErrorCode.InvalidParams) return undefined;
  return new Response(JSON.stringify(verdict.response), { status: 200, headers: { 'Content-Type': 'application/json' } });
}
