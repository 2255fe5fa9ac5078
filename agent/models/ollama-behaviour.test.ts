/**
 * `ollama:` on the wire: the real @langchain/ollama client and the real agent loop against a local
 * server speaking Ollama's own API (agent/testing/ollama-server.ts) — tool calls, the context size
 * asked for, no sampling settings unless configured, `<think>` removed, `done_reason: length` fed back
 * then failed, a hang aborted on the wire — and `ollama:` embeddings through createEmbedder.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteDatabase } from '../../core/db/pglite.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { createEmbedder } from '../../retrieval/embeddings/create-embedder.ts';
import type { AgentLimitsInput } from '../limits.ts';
import { chatSystemPrompt } from '../prompts/system-prompts.ts';
import { runAgent } from '../run/run-agent.ts';
import { createPrincipal, sampleData } from '../testing/fixtures.ts';
import { fakeEmbedding, startOllamaServer, type OllamaScript, type OllamaServer } from '../testing/ollama-server.ts';
import { createScriptedToolbox } from '../testing/scripted-toolbox.ts';
import { createChatModel } from './create-chat-model.ts';

let db: PgliteDatabase;
let principal: Principal;
let server: OllamaServer | undefined;

beforeAll(async () => {
  db = await createTestDb();
  principal = await createPrincipal(db, 'acme');
});
afterAll(async () => {
  await db.close();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(script: OllamaScript, limits: AgentLimitsInput = {}, allowWrites: string[] = []) {
  server = await startOllamaServer(script);
  const model = createChatModel({
    COPILOT_MODEL: 'ollama:qwen3:8b',
    OPENAI_API_KEY: undefined,
    OPENAI_BASE_URL: undefined,
    OLLAMA_BASE_URL: server.baseUrl,
    OLLAMA_NUM_CTX: 32768,
  });
  const toolbox = createScriptedToolbox(sampleData(), { allowWrites });
  const result = await runAgent({
    db,
    toolbox,
    model,
    principal,
    kind: 'chat',
    systemPrompt: chatSystemPrompt({ principal }),
    input: { message: 'help with SO-10482', history: [] },
    limits: { retryBaseDelayMs: 5, ...limits },
  });
  return { result, toolbox, server };
}

describe('ollama: chat on the wire', () => {
  it('calls a tool, asks for the configured context size, sends no temperature, and answers without the <think> block', async () => {
    const { result, toolbox, server } = await run((_request, call) =>
      call === 1
        ? { toolCalls: [{ name: 'get_order', arguments: { orderNumber: 'SO-10482' } }] }
        : { content: '<think>The order has a payment hold.</think>Order SO-10482 is on hold for payment review.' },
    );
    expect(result).toMatchObject({ status: 'completed', answer: 'Order SO-10482 is on hold for payment review.' });
    expect(toolbox.requests.map((request) => request.args)).toEqual([{ orderNumber: 'SO-10482' }]);
    expect(server.requests[0]!.options).toMatchObject({ num_ctx: 32768 });
    expect(server.requests[0]!.options?.temperature).toBeUndefined();
    const refund = server.requests[0]!.tools!.find((tool) => tool.function.name === 'issue_refund')!;
    expect(refund.function.parameters).toMatchObject({ required: expect.arrayContaining(['rationale']) });
    // The tool result went back to the model as data.
    expect(JSON.stringify(server.requests[1]!.messages)).toContain('untrusted');
  });

  it('a write cut off with done_reason length is fed back once, then fails the run; nothing runs', async () => {
    const { result, toolbox, server } = await run(
      () => ({ toolCalls: [{ name: 'issue_refund', arguments: { orderNumber: 'SO-10482', amount: 12 } }], doneReason: 'length' }),
      {},
      ['issue_refund'],
    );
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/cut off at the output limit \(length\)/);
    expect(JSON.stringify(server.requests[1]!.messages.at(-1))).toMatch(/cut off at the output token limit/);
    expect(toolbox.requests).toHaveLength(0);
    expect(toolbox.executed).toHaveLength(0);
  });

  it('a hang past the timeout aborts the HTTP request and fails with what to do', async () => {
    const { result, server } = await run(() => ({ content: 'too late', delayMs: 10_000 }), { modelTimeoutMs: 300, modelRetries: 0 });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/did not answer within 300 ms; try again/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.aborted).toBe(1);
  });
});

describe('ollama: embeddings', () => {
  it('COPILOT_EMBEDDINGS=ollama:<model> embeds through /api/embed and learns the dimension from one call', async () => {
    server = await startOllamaServer();
    const embedder = createEmbedder({
      COPILOT_EMBEDDINGS: 'ollama:nomic-embed-text',
      OPENAI_API_KEY: undefined,
      OPENAI_BASE_URL: undefined,
      OLLAMA_BASE_URL: server.baseUrl,
    });
    expect(embedder.id).toBe('ollama:nomic-embed-text');
    expect(await embedder.dimension()).toBe(8);
    const vectors = await embedder.embedDocuments(['refund the over-capture', 'hold the order']);
    expect(vectors).toEqual([fakeEmbedding('refund the over-capture'), fakeEmbedding('hold the order')]);
    expect(await embedder.embedQuery('hold the order')).toEqual(fakeEmbedding('hold the order'));
    expect(server.embedRequests.every((request) => request.model === 'nomic-embed-text')).toBe(true);
  });
});
