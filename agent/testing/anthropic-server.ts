/**
 * Test support: a local server speaking Anthropic's Messages API (node:http) — POST /v1/messages,
 * streamed as server-sent events or not — with scripted replies, so `anthropic:` runs through the real
 * @langchain/anthropic client and SDK without any network.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, hang } from './http-fixture.ts';

export interface AnthropicReply {
  content?: string;
  /** Tool uses; `arguments` as a string is sent as written (a cut-off `{"amount": 12`), streamed in two parts. */
  toolCalls?: Array<{ name: string; arguments: Record<string, unknown> | string }>;
  /** stop_reason (default tool_use or end_turn), e.g. "max_tokens" for a reply cut off at the limit. */
  stopReason?: string;
  /** Respond with this HTTP status and an Anthropic error body instead. */
  status?: number;
  headers?: Record<string, string>;
  /** Answer only after this many ms (a hang); the client may close the connection first. */
  delayMs?: number;
}

export interface AnthropicRequest {
  model: string;
  stream?: boolean;
  max_tokens?: number;
  system?: unknown;
  messages: Array<{ role: string; content: unknown }>;
  tools?: Array<{ name: string; input_schema?: unknown }>;
  [key: string]: unknown;
}

export type AnthropicScript = (request: AnthropicRequest, call: number) => AnthropicReply;

export interface AnthropicServer {
  baseUrl: string;
  requests: AnthropicRequest[];
  /** Requests whose connection the client closed before the answer. */
  aborted: number;
  close(): Promise<void>;
}

const argumentText = (value: Record<string, unknown> | string) => (typeof value === 'string' ? value : JSON.stringify(value));
const stopReasonOf = (reply: AnthropicReply) => reply.stopReason ?? (reply.toolCalls?.length ? 'tool_use' : 'end_turn');

function respondJson(response: ServerResponse, reply: AnthropicReply, request: AnthropicRequest, call: number): void {
  const content = [
    ...(reply.content ? [{ type: 'text', text: reply.content }] : []),
    ...(reply.toolCalls ?? []).map((tool, index) => ({
      type: 'tool_use',
      id: `toolu_${call}_${index}`,
      name: tool.name,
      input: typeof tool.arguments === 'string' ? {} : tool.arguments,
    })),
  ];
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(
    JSON.stringify({
      id: `msg_${call}`,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content,
      stop_reason: stopReasonOf(reply),
      stop_sequence: null,
      usage: { input_tokens: 42, output_tokens: 7 },
    }),
  );
}

function respondStream(response: ServerResponse, reply: AnthropicReply, request: AnthropicRequest, call: number): void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  const send = (type: string, payload: Record<string, unknown>) =>
    response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`);
  send('message_start', {
    message: {
      id: `msg_${call}`,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 42, output_tokens: 1 },
    },
  });
  let index = 0;
  if (reply.content) {
    send('content_block_start', { index, content_block: { type: 'text', text: '' } });
    for (const piece of reply.content.match(/\S+\s*|\s+/g) ?? [])
      send('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
    send('content_block_stop', { index });
    index += 1;
  }
  for (const tool of reply.toolCalls ?? []) {
    const text = argumentText(tool.arguments);
    const half = Math.floor(text.length / 2);
    send('content_block_start', { index, content_block: { type: 'tool_use', id: `toolu_${call}_${index}`, name: tool.name, input: {} } });
    send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: text.slice(0, half) } });
    send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: text.slice(half) } });
    send('content_block_stop', { index });
    index += 1;
  }
  send('message_delta', { delta: { stop_reason: stopReasonOf(reply), stop_sequence: null }, usage: { output_tokens: 7 } });
  send('message_stop', {});
  response.end();
}

export async function startAnthropicServer(script: AnthropicScript): Promise<AnthropicServer> {
  const requests: AnthropicRequest[] = [];
  const state = { aborted: 0 };
  const server = createServer(async (request, response) => {
    if (request.method !== 'POST' || !request.url?.startsWith('/v1/messages')) {
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `no route ${request.url}` } }));
      return;
    }
    const body = JSON.parse(await readBody(request)) as AnthropicRequest;
    requests.push(body);
    const reply = script(body, requests.length);
    if (reply.delayMs && (await hang(response, reply.delayMs))) {
      state.aborted += 1;
      return;
    }
    if (reply.status && reply.status >= 400) {
      response.writeHead(reply.status, { 'Content-Type': 'application/json', ...(reply.headers ?? {}) });
      response.end(JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: `scripted failure ${reply.status}` } }));
      return;
    }
    if (body.stream) respondStream(response, reply, body, requests.length);
    else respondJson(response, reply, body, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    get aborted() {
      return state.aborted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
