/**
 * Test support: a local server speaking Ollama's own API (node:http) — POST /api/chat as the NDJSON
 * stream @langchain/ollama asks for, and POST /api/embed — with scripted replies, so `ollama:` chat
 * and embeddings run through the real provider packages without any network.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, hang } from './http-fixture.ts';

export interface OllamaReply {
  content?: string;
  /** Ollama sends tool arguments as JSON objects, all in one message. */
  toolCalls?: Array<{ name: string; arguments: Record<string, unknown> }>;
  /** done_reason of the last line (default "stop"), e.g. "length" for a reply cut off at num_predict. */
  doneReason?: string;
  /** Answer only after this many ms (a hang); the client may close the connection first. */
  delayMs?: number;
}

export interface OllamaChatRequest {
  model: string;
  stream?: boolean;
  messages: Array<{ role: string; content: string; tool_calls?: unknown[] }>;
  tools?: Array<{ type: string; function: { name: string; parameters?: unknown } }>;
  options?: Record<string, unknown>;
  [key: string]: unknown;
}

export type OllamaScript = (request: OllamaChatRequest, call: number) => OllamaReply;

export interface OllamaServer {
  baseUrl: string;
  requests: OllamaChatRequest[];
  embedRequests: Array<{ model: string; input: string | string[] }>;
  /** Requests whose connection the client closed before the answer. */
  aborted: number;
  close(): Promise<void>;
}

function streamChat(response: ServerResponse, reply: OllamaReply, model: string): void {
  response.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  const line = (message: Record<string, unknown>, done: boolean, extra: Record<string, unknown> = {}) =>
    response.write(
      `${JSON.stringify({ model, created_at: '2026-12-07T12:00:00Z', message: { role: 'assistant', ...message }, done, ...extra })}\n`,
    );
  for (const piece of (reply.content ?? '').match(/\S+\s*|\s+/g) ?? []) line({ content: piece }, false);
  if (reply.toolCalls?.length) {
    line({ content: '', tool_calls: reply.toolCalls.map((call) => ({ function: { name: call.name, arguments: call.arguments } })) }, false);
  }
  line({ content: '' }, true, { done_reason: reply.doneReason ?? 'stop', prompt_eval_count: 42, eval_count: 7 });
  response.end();
}

/** A deterministic vector per text (dimension 8), so the same text always embeds the same. */
export function fakeEmbedding(text: string): number[] {
  const vector = Array.from({ length: 8 }, (_, index) => ((text.charCodeAt(index % Math.max(1, text.length)) || 1) % 17) + index);
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

export async function startOllamaServer(script: OllamaScript = () => ({ content: 'ok' })): Promise<OllamaServer> {
  const requests: OllamaChatRequest[] = [];
  const embedRequests: OllamaServer['embedRequests'] = [];
  const state = { aborted: 0 };
  const server = createServer(async (request, response) => {
    const body = JSON.parse((await readBody(request)) || '{}') as Record<string, unknown>;
    if (request.method === 'POST' && request.url === '/api/embed') {
      const embed = body as OllamaServer['embedRequests'][number];
      embedRequests.push(embed);
      const inputs = Array.isArray(embed.input) ? embed.input : [embed.input];
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ model: embed.model, embeddings: inputs.map(fakeEmbedding) }));
      return;
    }
    if (request.method !== 'POST' || request.url !== '/api/chat') {
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: `no route ${request.method} ${request.url}` }));
      return;
    }
    const chat = body as OllamaChatRequest;
    requests.push(chat);
    const reply = script(chat, requests.length);
    if (reply.delayMs && (await hang(response, reply.delayMs))) {
      state.aborted += 1;
      return;
    }
    streamChat(response, reply, chat.model);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    embedRequests,
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
