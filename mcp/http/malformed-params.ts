/**
 * The MCP SDK reports a request whose params do not match the protocol's schema (say `arguments` that
 * is a string) as an internal error (-32603), since a failed parse is just an exception to it. At the
 * HTTP edge such a request is the client's mistake: answered here as invalid params (-32602) naming
 * the field, before the SDK sees it.
 */
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { issuesFromZod } from '../../core/errors.ts';

const PARAMS: Record<string, z.ZodType> = {
  'tools/call': z.looseObject({ name: z.string(), arguments: z.record(z.string(), z.unknown()).optional() }),
  'resources/read': z.looseObject({ uri: z.string() }),
  'prompts/get': z.looseObject({ name: z.string(), arguments: z.record(z.string(), z.string()).optional() }),
};

const requestShape = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string(), z.number()]),
  method: z.string(),
  params: z.unknown(),
});

/** A JSON-RPC error response for a single request with malformed params; undefined when there is nothing to refuse. */
export async function refuseMalformedParams(request: Request): Promise<Response | undefined> {
  let message: unknown;
  try {
    message = JSON.parse(await request.clone().text());
  } catch {
    return undefined; // not JSON: the transport answers with its parse error
  }
  const parsed = requestShape.safeParse(message);
  if (!parsed.success) return undefined;
  const schema = PARAMS[parsed.data.method];
  const params = schema?.safeParse(parsed.data.params ?? {});
  if (!params || params.success) return undefined;
  const issues = issuesFromZod(params.error).map((issue) => ({ ...issue, path: `params.${issue.path}` }));
  const error = {
    code: ErrorCode.InvalidParams,
    message: `invalid params: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    data: { issues },
  };
  return new Response(JSON.stringify({ jsonrpc: '2.0', id: parsed.data.id, error }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });
}
