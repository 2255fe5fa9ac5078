/**
 * `anthropic:` on the wire: the real @langchain/anthropic client and SDK and the real agent loop
 * against a local server speaking the Messages API (agent/testing/anthropic-server.ts) — tool use,
 * the output cap Anthropic requires and no temperature unless configured, `<think>` removed, a tool
 * input cut off with `stop_reason: max_tokens` fed back then failed (never run), 429 with Retry-After,
 * and a hang aborted on the wire.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteDatabase } from '../../core/db/pglite.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import type { AgentLimitsInput } from '../limits.ts';
import { chatSystemPrompt } from '../prompts/system-prompts.ts';
import { runAgent } from '../run/run-agent.ts';
import { startAnthropicServer, type AnthropicScript, type AnthropicServer } from '../testing/anthropic-server.ts';
import { createPrincipal, sampleData } from '../testing/fixtures.ts';
import { createScriptedToolbox } from '../testing/scripted-toolbox.ts';
import { createChatModel } from './create-chat-model.ts';

let db: PgliteDatabase;
let principal: Principal;
let server: AnthropicServer | undefined;

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

async function run(script: AnthropicScript, limits: AgentLimitsInput = {}, allowWrites: string[] = []) {
  server = await startAnthropicServer(script);
  const model = createChatModel({
    COPILOT_MODEL: 'anthropic:claude-sonnet-4-5',
    OPENAI_API_KEY: undefined,
    OPENAI_BASE_URL: undefined,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    ANTHROPIC_BASE_URL: server.baseUrl,
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

describe('anthropic: chat on the wire', () => {
  it('uses a tool, sends the output cap and no temperature, and answers without the <think> block', async () => {
    const { result, toolbox, server } = await run((_request, call) =>
      call === 1
        ? { toolCalls: [{ name: 'get_order', arguments: { orderNumber: 'SO-10482' } }] }
        : { content: '<think>It has a payment hold.</think>Order SO-10482 is on hold for payment review.' },
    );
    expect(result).toMatchObject({ status: 'completed', answer: 'Order SO-10482 is on hold for payment review.' });
    expect(toolbox.requests.map((request) => request.args)).toEqual([{ orderNumber: 'SO-10482' }]);
    expect(server.requests[0]).toMatchObject({ max_tokens: 4096 });
    expect(server.requests[0]).not.toHaveProperty('temperature');
    const refund = server.requests[0]!.tools!.find((tool) => tool.name === 'issue_refund')!;
    expect(refund.input_schema).toMatchObject({ required: expect.arrayContaining(['rationale']) });
  });

  it('a tool input cut off with stop_reason max_tokens is fed back once, then fails the run; nothing runs', async () => {
    const { result, toolbox, server } = await run(
      () => ({ toolCalls: [{ name: 'issue_refund', arguments: '{"orderNumber":"SO-10482","amount": 12' }], stopReason: 'max_tokens' }),
      {},
      ['issue_refund'],
    );
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/cut off at the output limit \(max_tokens\)/);
    expect(JSON.stringify(server.requests[1]!.messages.at(-1))).toMatch(/cut off at the output token limit/);
    expect(toolbox.requests).toHaveLength(0);
    expect(toolbox.executed).toHaveLength(0);
  });

  it('a plain answer cut off with stop_reason max_tokens is asked again, then used', async () => {
    const { result, server } = await run((_request, call) =>
      call === 1
        ? { content: 'Order SO-10482 is on hold because the pay', stopReason: 'max_tokens' }
        : { content: 'Order SO-10482 is on hold.' },
    );
    expect(result).toMatchObject({ status: 'completed', answer: 'Order SO-10482 is on hold.' });
    expect(server.requests).toHaveLength(2);
  });

  it('429 with Retry-After waits as asked, then succeeds', async () => {
    const started = Date.now();
    const { result, server } = await run((_request, call) =>
      call === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { content: 'All good.' },
    );
    expect(result).toMatchObject({ status: 'completed', answer: 'All good.' });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('a hang past the timeout aborts the HTTP request and fails with what to do', async () => {
    const { result, server } = await run(() => ({ content: 'too late', delayMs: 10_000 }), { modelTimeoutMs: 300, modelRetries: 0 });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/did not answer within 300 ms; try again/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.aborted).toBe(1);
  });
});
