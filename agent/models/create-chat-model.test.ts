import { HumanMessage } from '@langchain/core/messages';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteDatabase } from '../../core/db/pglite.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import type { AgentEvent } from '../events.ts';
import { chatSystemPrompt } from '../prompts/system-prompts.ts';
import { runAgent } from '../run/run-agent.ts';
import { createPrincipal, sampleData } from '../testing/fixtures.ts';
import {
  lastMessageText,
  startOpenAiCompatibleServer,
  type OpenAiCompatibleServer,
  type ReplyScript,
} from '../testing/openai-compatible-server.ts';
import { createScriptedToolbox } from '../testing/scripted-toolbox.ts';
import { toLangChainTools } from '../toolbox/langchain-tools.ts';
import { ChatAnthropic } from '@langchain/anthropic';
import { ChatOllama } from '@langchain/ollama';
import { acceptsTemperature, createChatModel, parseModelSpec } from './create-chat-model.ts';
import { OfflineChatModel } from './offline/offline-chat-model.ts';

let db: PgliteDatabase;
let principal: Principal;
let server: OpenAiCompatibleServer | undefined;

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

async function openAiModel(script: ReplyScript) {
  server = await startOpenAiCompatibleServer(script);
  return createChatModel({ COPILOT_MODEL: 'openai:test-model', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseUrl });
}

describe('createChatModel', () => {
  it('builds the offline model by default and refuses an openai model without key or URL', () => {
    const offline = createChatModel({ COPILOT_MODEL: 'offline', OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined });
    expect(offline.id).toBe('offline');
    expect(offline.model).toBeInstanceOf(OfflineChatModel);
    expect(() => createChatModel({ COPILOT_MODEL: 'openai:gpt-4o-mini', OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined })).toThrow(
      /OPENAI_API_KEY/,
    );
  });

  it('calls an OpenAI-compatible server without streaming and parses tool calls', async () => {
    const handle = await openAiModel(() => ({ toolCalls: [{ name: 'get_order', arguments: { orderNumber: 'SO-10482' } }] }));
    const tools = toLangChainTools(createScriptedToolbox(sampleData()).describe());
    const message = await handle.model.bindTools!(tools).invoke([new HumanMessage('status of SO-10482?')]);
    expect(message.tool_calls).toEqual([expect.objectContaining({ name: 'get_order', args: { orderNumber: 'SO-10482' } })]);
    const sent = server!.requests[0]!;
    expect(sent.model).toBe('test-model');
    expect(sent.stream).toBeFalsy();
    expect(sent.tools?.find((tool) => tool.function.name === 'get_order')?.function.parameters).toMatchObject({
      type: 'object',
      properties: { orderNumber: { type: 'string' } },
      required: ['orderNumber'],
    });
  });

  it('runs the agent loop against it with streaming, tool results fenced as untrusted, usage recorded', async () => {
    const handle = await openAiModel((request, call) =>
      call === 1
        ? { toolCalls: [{ name: 'get_order', arguments: { orderNumber: 'SO-10482' } }] }
        : {
            content: `Order SO-10482 is on hold for payment review [tool:get_order:SO-10482]. ${lastMessageText(request).includes('untrusted="true"') ? 'Fenced.' : 'Unfenced.'}`,
          },
    );
    const events: AgentEvent[] = [];
    const result = await runAgent({
      db,
      toolbox: createScriptedToolbox(sampleData()),
      model: handle,
      principal,
      kind: 'chat',
      systemPrompt: chatSystemPrompt({ principal }),
      input: { message: 'why is SO-10482 stuck?', history: [] },
      onEvent: (event) => events.push(event),
    });
    expect(result.status).toBe('completed');
    expect(result.answer).toBe('Order SO-10482 is on hold for payment review [tool:get_order:SO-10482]. Fenced.');
    expect(server!.requests.every((request) => request.stream === true)).toBe(true);
    expect(server!.requests[0]!.messages[0]).toMatchObject({ role: 'system' });
    const tokens = events.filter((event) => event.type === 'token');
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    const { getRun } = await import('../transcripts/runs.ts');
    const stored = await getRun(db, principal.tenantId, result.runId);
    expect(stored.model).toBe('openai:test-model');
    expect(stored.usage).toEqual({ inputTokens: 84, outputTokens: 14, totalTokens: 98 });
  });

  it('retries a 503 with backoff and fails clearly on a 400 without retrying', async () => {
    const flaky = await openAiModel((_request, call) => (call === 1 ? { status: 503 } : { content: 'All good.' }));
    const recovered = await runAgent({
      db,
      toolbox: createScriptedToolbox(sampleData()),
      model: flaky,
      principal,
      kind: 'chat',
      systemPrompt: chatSystemPrompt({ principal }),
      input: { message: 'hello', history: [] },
      limits: { retryBaseDelayMs: 5 },
    });
    expect(recovered).toMatchObject({ status: 'completed', answer: 'All good.' });
    expect(server!.requests).toHaveLength(2);
    await server!.close();

    const broken = await openAiModel(() => ({ status: 400 }));
    const failed = await runAgent({
      db,
      toolbox: createScriptedToolbox(sampleData()),
      model: broken,
      principal,
      kind: 'chat',
      systemPrompt: chatSystemPrompt({ principal }),
      input: { message: 'hello', history: [] },
      limits: { retryBaseDelayMs: 5, modelRetries: 3 },
    });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'upstream_failed' });
    expect(failed.error!.message).toMatch(/openai:test-model failed after 1 attempt/);
    expect(server!.requests).toHaveLength(1);
  });

  it('takes the tools away on the last allowed step', async () => {
    const handle = await openAiModel((request) =>
      request.tools?.length
        ? { toolCalls: [{ name: 'get_order', arguments: { orderNumber: 'SO-10482' } }] }
        : { content: 'Out of steps; here is what I know.' },
    );
    const result = await runAgent({
      db,
      toolbox: createScriptedToolbox(sampleData()),
      model: handle,
      principal,
      kind: 'chat',
      systemPrompt: chatSystemPrompt({ principal }),
      input: { message: 'status of SO-10482', history: [] },
      limits: { maxSteps: 2 },
    });
    expect(result.answer).toBe('Out of steps; here is what I know.');
    expect(server!.requests).toHaveLength(2);
    expect(server!.requests[1]!.tools).toBeUndefined();
  });
});

describe('createChatModel: providers and sampling settings', () => {
  it('sends no temperature unless COPILOT_MODEL_TEMPERATURE is set', async () => {
    const handle = await openAiModel(() => ({ content: 'ok' }));
    await handle.model.invoke([new HumanMessage('hi')]);
    expect(server!.requests[0]).not.toHaveProperty('temperature');
    await server!.close();
    server = await startOpenAiCompatibleServer(() => ({ content: 'ok' }));
    const warm = createChatModel({
      COPILOT_MODEL: 'openai:gpt-4o-mini',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: server.baseUrl,
      COPILOT_MODEL_TEMPERATURE: 0.2,
    });
    await warm.model.invoke([new HumanMessage('hi')]);
    expect(server.requests[0]).toMatchObject({ temperature: 0.2 });
  });

  it('refuses a temperature for reasoning models, naming the variable', () => {
    expect(() =>
      createChatModel({ COPILOT_MODEL: 'openai:o4-mini', OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: undefined, COPILOT_MODEL_TEMPERATURE: 0 }),
    ).toThrow(/COPILOT_MODEL_TEMPERATURE: openai:o4-mini is a reasoning model/);
    expect(acceptsTemperature('openai', 'gpt-5-mini')).toBe(false);
    expect(acceptsTemperature('openai', 'gpt-4o')).toBe(true);
    expect(acceptsTemperature('anthropic', 'claude-sonnet-4-5')).toBe(true);
  });

  it('builds anthropic: and ollama: models through their LangChain packages', () => {
    expect(() =>
      createChatModel({ COPILOT_MODEL: 'anthropic:claude-sonnet-4-5', OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined }),
    ).toThrow(/ANTHROPIC_API_KEY/);
    const claude = createChatModel({
      COPILOT_MODEL: 'anthropic:claude-sonnet-4-5',
      OPENAI_API_KEY: undefined,
      OPENAI_BASE_URL: undefined,
      ANTHROPIC_API_KEY: 'sk-ant-test',
    });
    expect(claude.model).toBeInstanceOf(ChatAnthropic);
    expect((claude.model as ChatAnthropic).maxTokens).toBe(4096);
    const local = createChatModel({
      COPILOT_MODEL: 'ollama:qwen3:8b',
      OPENAI_API_KEY: undefined,
      OPENAI_BASE_URL: undefined,
      OLLAMA_NUM_CTX: 32768,
    });
    expect(local.model).toBeInstanceOf(ChatOllama);
    expect(local).toMatchObject({ id: 'ollama:qwen3:8b', model: { model: 'qwen3:8b', numCtx: 32768, baseUrl: 'http://127.0.0.1:11434' } });
    expect(() => parseModelSpec('mistral:large')).toThrow(/unknown model/);
  });
});
