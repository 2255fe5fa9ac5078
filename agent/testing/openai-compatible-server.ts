/**
 * Test support: a local OpenAI-compatible HTTP server (node:http) that answers
 * POST /v1/chat/completions with scripted replies, streaming (SSE chunks) or not, so the real
 * @langchain/openai client, tool schemas and streaming code run without any network.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http-fixture.ts';

export interface ScriptedReply {
  content?: string;
  toolCalls?: Array<{ name: string; arguments: Record<string, unknown> | string }>;
  /** Respond with this HTTP status and an OpenAI-style error body instead. */
  status?: number;
  /** Extra response headers (e.g. Retry-After on a 429). */
  headers?: Record<string, string>;
  /** finish_reason to report (default tool_calls or stop), e.g. "length" for a reply cut off. */
  finishReason?: string;
  /** Answer only after this many ms (a hang past the client's timeout); the client may abort first. */
  delayMs?: number;
}

export interface ChatCompletionRequest {
  model: string;
  stream?: boolean;
  messages: Array<{ role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }>;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
  [key: string]: unknown;
}

export type ReplyScript = (request: ChatCompletionRequest, call: number) => ScriptedReply;

export interface OpenAiCompatibleServer {
  baseUrl: string;
  requests: ChatCompletionRequest[];
  /** Requests whose connection the client closed before the answer (aborted). */
  aborted: number;
  close(): Promise<void>;
}

const usage = { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 };

function toolCallsOf(reply: ScriptedReply, call: number) {
  return (reply.toolCalls ?? []).map((toolCall, index) => ({
    id: `call_${call}_${index}`,
    type: 'function' as const,
    function: {
      name: toolCall.name,
      arguments: typeof toolCall.arguments === 'string' ? toolCall.arguments : JSON.stringify(toolCall.arguments),
    },
  }));
}

function respondJson(response: ServerResponse, reply: ScriptedReply, request: ChatCompletionRequest, call: number): void {
  const toolCalls = toolCallsOf(reply, call);
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(
    JSON.stringify({
      id: `chatcmpl-${call}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: request.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: reply.content ?? (toolCalls.length ? null : ''),
            ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
          },
          finish_reason: reply.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop'),
        },
      ],
      usage,
    }),
  );
}

function respondStream(response: ServerResponse, reply: ScriptedReply, request: ChatCompletionRequest, call: number): void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  const base = { id: `chatcmpl-${call}`, object: 'chat.completion.chunk', created: 1_700_000_000, model: request.model };
  const send = (payload: unknown): void => {
    response.write(`data: ${JSON.stringify(payload)}\n\n`);
  };
  send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  for (const piece of (reply.content ?? '').match(/\S+\s*|\s+/g) ?? []) {
    send({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
  }
  toolCallsOf(reply, call).forEach((toolCall, index) => {
    // Arguments arrive in two fragments, as real servers split them.
    const half = Math.floor(toolCall.function.arguments.length / 2);
    send({
      ...base,
      choices: [
        {
          index: 0,
          delta: {
            tool_calls: [
              {
                index,
                id: toolCall.id,
                type: 'function',
                function: { name: toolCall.function.name, arguments: toolCall.function.arguments.slice(0, half) },
              },
            ],
          },
          finish_reason: null,
        },
      ],
    });
    send({
      ...base,
      choices: [
        {
          index: 0,
          delta: { tool_calls: [{ index, function: { arguments: toolCall.function.arguments.slice(half) } }] },
          finish_reason: null,
        },
      ],
    });
  });
  send({
    ...base,
    choices: [{ index: 0, delta: {}, finish_reason: reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop') }],
  });
  send({ ...base, choices: [], usage });
  response.end('data: [DONE]\n\n');
}

export async function startOpenAiCompatibleServer(script: ReplyScript): Promise<OpenAiCompatibleServer> {
  const requests: ChatCompletionRequest[] = [];
  const state = { aborted: 0 };
  const server = createServer(async (request, response) => {
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `no route ${request.method} ${request.url}` } }));
      return;
    }
    const body = JSON.parse(await readBody(request)) as ChatCompletionRequest;
    requests.push(body);
    const reply = script(body, requests.length);
    if (reply.delayMs) {
      const closed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), reply.delayMs);
        response.on('close', () => {
          clearTimeout(timer);
          resolve(!response.writableEnded);
        });
      });
      if (closed) {
        state.aborted += 1;
        return;
      }
    }
    if (reply.status && reply.status >= 400) {
      response.writeHead(reply.status, { 'Content-Type': 'application/json', ...(reply.headers ?? {}) });
      response.end(JSON.stringify({ error: { message: `scripted failure ${reply.status}`, type: 'server_error' } }));
      return;
    }
    if (body.stream) respondStream(response, reply, body, requests.length);
    else respondJson(response, reply, body, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
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

/** The text of the last message of a request (what the model is answering). */
export function lastMessageText(request: ChatCompletionRequest): string {
  const content = request.messages.at(-1)?.content;
  return typeof content === 'string' ? content : JSON.stringify(content ?? '');
}
