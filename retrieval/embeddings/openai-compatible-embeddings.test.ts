import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder } from './create-embedder.ts';
import { LocalSemanticEmbeddings } from './local-semantic-embeddings.ts';
import { OpenAICompatibleEmbeddings } from './openai-compatible-embeddings.ts';

// A local stand-in for an OpenAI-compatible server (as vLLM or Ollama would be), reached through
// OPENAI_BASE_URL: records every request and fails the first ones on demand.
describe('OpenAICompatibleEmbeddings', () => {
  let server: Server;
  let baseURL: string;
  const requests: Array<{ path: string; auth: string | undefined; model: string; inputs: string[] }> = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const parsed = JSON.parse(body) as { model: string; input: string | string[] };
        const inputs = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
        requests.push({ path: request.url ?? '', auth: request.headers.authorization, model: parsed.model, inputs });
        if (failuresLeft > 0) {
          failuresLeft--;
          response.writeHead(failuresLeft % 2 ? 429 : 500, { 'content-type': 'application/json', 'retry-after-ms': '10' });
          response.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit' } }));
          return;
        }
        const data = inputs.map((input, index) => ({ object: 'embedding', index, embedding: [input.length, 1, 0, 0.5, index] }));
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ object: 'list', data, model: parsed.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('batches documents and honours the base URL and key', async () => {
    requests.length = 0;
    const embedder = new OpenAICompatibleEmbeddings({ model: 'nomic-embed-text', apiKey: 'sk-test', baseURL, batchSize: 2 });
    const vectors = await embedder.embedDocuments(['a', 'bb', 'ccc', 'dddd', 'eeeee']);
    expect(vectors.map((vector) => vector[0])).toEqual([1, 2, 3, 4, 5]);
    expect(requests.map((request) => request.inputs.length)).toEqual([2, 2, 1]);
    expect(requests.every((request) => request.path === '/v1/embeddings' && request.auth === 'Bearer sk-test')).toBe(true);
    expect(embedder.id).toBe('openai:nomic-embed-text');
  });

  it('retries rate limits and server errors with backoff', async () => {
    requests.length = 0;
    failuresLeft = 2;
    const embedder = new OpenAICompatibleEmbeddings({ model: 'm', apiKey: 'k', baseURL, maxRetries: 3 });
    expect(await embedder.embedQuery('hello')).toEqual([5, 1, 0, 0.5, 0]);
    expect(requests).toHaveLength(3);
  });

  it('gives up after maxRetries', async () => {
    failuresLeft = 5;
    const embedder = new OpenAICompatibleEmbeddings({ model: 'm', apiKey: 'k', baseURL, maxRetries: 1 });
    await expect(embedder.embedQuery('hello')).rejects.toThrow();
    failuresLeft = 0;
  });

  it('asks an unknown model for its dimension once, and knows OpenAI models', async () => {
    requests.length = 0;
    const embedder = new OpenAICompatibleEmbeddings({ model: 'local-model', baseURL });
    expect(await embedder.dimension()).toBe(5);
    expect(await embedder.dimension()).toBe(5);
    expect(requests).toHaveLength(1);
    expect(await new OpenAICompatibleEmbeddings({ model: 'text-embedding-3-small', apiKey: 'k' }).dimension()).toBe(1536);
    await expect(new OpenAICompatibleEmbeddings({ model: 'text-embedding-3-large', apiKey: 'k' }).dimension()).rejects.toThrow(
      /COPILOT_EMBEDDING_DIMENSIONS/,
    );
    const reduced = new OpenAICompatibleEmbeddings({ model: 'text-embedding-3-large', apiKey: 'k', dimensions: 1024 });
    expect([reduced.id, await reduced.dimension()]).toEqual(['openai:text-embedding-3-large@1024', 1024]);
  });

  it('embeds through the configured server once the provider package loads on first use', async () => {
    const lazy = createEmbedder({
      COPILOT_EMBEDDINGS: 'openai:local-model',
      OPENAI_API_KEY: undefined,
      OPENAI_BASE_URL: baseURL,
      COPILOT_EMBEDDING_DIMENSIONS: 5,
    });
    expect(lazy.id).toBe('openai:local-model@5');
    expect(lazy.remote).toBe(true);
    requests.length = 0;
    expect(await lazy.embedQuery('abc')).toEqual([3, 1, 0, 0.5, 0]);
    expect(await lazy.embedDocuments(['a', 'bb'])).toEqual([
      [1, 1, 0, 0.5, 0],
      [2, 1, 0, 0.5, 1],
    ]);
    expect(await lazy.dimension()).toBe(5);
    expect(requests.map((request) => request.model)).toEqual(['local-model', 'local-model']);
  });
});

describe('createEmbedder', () => {
  it('builds the configured embedder', () => {
    expect(createEmbedder({ COPILOT_EMBEDDINGS: 'local', OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined })).toBeInstanceOf(
      LocalSemanticEmbeddings,
    );
    const openai = createEmbedder({ COPILOT_EMBEDDINGS: 'openai:text-embedding-3-small', OPENAI_API_KEY: 'k', OPENAI_BASE_URL: undefined });
    expect(openai.id).toBe('openai:text-embedding-3-small');
  });

  it('refuses openai without a key or base URL', () => {
    expect(() => createEmbedder({ COPILOT_EMBEDDINGS: 'openai:x', OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined })).toThrow(
      /OPENAI_API_KEY/,
    );
  });
});
