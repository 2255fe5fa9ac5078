/**
 * Model-behaviour suite: what real models do wrong, played by the scripted OpenAI-compatible server
 * through the real @langchain/openai client and the real agent loop, each with the product behaviour
 * it must get — fed back once and corrected, or a clear failure; never a silent repair, an empty
 * "completed", a leaked reasoning block, a double write, or a request left running past its timeout.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteDatabase } from '../../core/db/pglite.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { chatSystemPrompt } from '../prompts/system-prompts.ts';
import { runAgent } from '../run/run-agent.ts';
import { createPrincipal, sampleData } from '../testing/fixtures.ts';
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer, type ReplyScript } from '../testing/openai-compatible-server.ts';
import { createScriptedToolbox } from '../testing/scripted-toolbox.ts';
import { classifyTriage } from '../triage/classify-triage.ts';
import type { AgentLimitsInput } from '../limits.ts';
import { createChatModel } from './create-chat-model.ts';

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

async function run(script: ReplyScript, limits: AgentLimitsInput = {}, allowWrites: string[] = []) {
  server = await startOpenAiCompatibleServer(script);
  const model = createChatModel({ COPILOT_MODEL: 'openai:scripted', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseUrl });
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

const lastUserText = (request: { messages: Array<{ role: string; content: unknown }> }): string =>
  String([...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '');

describe('model behaviour: unusable tool arguments', () => {
  it('malformed arguments are fed back once; the corrected call runs', async () => {
    const { result, toolbox, server } = await run((_request, call) =>
      call === 1
        ? { toolCalls: [{ name: 'get_order', arguments: '{"orderNumber": "SO-10482",,}' }] }
        : call === 2
          ? { toolCalls: [{ name: 'get_order', arguments: { orderNumber: 'SO-10482' } }] }
          : { content: 'Order SO-10482 is on hold.' },
    );
    expect(result.status).toBe('completed');
    expect(lastUserText(server.requests[1]!)).toMatch(/\[runtime\] .*get_order were not a valid JSON object/);
    expect(toolbox.requests.map((request) => request.args)).toEqual([{ orderNumber: 'SO-10482' }]);
  });

  it('malformed twice fails the run clearly, and nothing runs', async () => {
    const { result, toolbox } = await run(() => ({ toolCalls: [{ name: 'get_order', arguments: '{"orderNumber": ' }] }));
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/sent an unusable reply twice .*not valid JSON.*try again/);
    expect(result.answer).toBe('');
    expect(toolbox.requests).toHaveLength(0);
  });

  it('truncated arguments with finish_reason length are never repaired into a refund of 12', async () => {
    const { result, toolbox, server } = await run(
      (_request, call) =>
        call === 1
          ? { toolCalls: [{ name: 'issue_refund', arguments: '{"orderNumber":"SO-10482","amount": 12' }], finishReason: 'length' }
          : { toolCalls: [{ name: 'issue_refund', arguments: '{"orderNumber":"SO-10482","amount": 12' }], finishReason: 'length' },
      {},
      ['issue_refund'],
    );
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/cut off at the output limit \(length\)/);
    expect(lastUserText(server.requests[1]!)).toMatch(/cut off at the output token limit/);
    expect(toolbox.requests).toHaveLength(0);
    expect(toolbox.executed).toHaveLength(0);
  });

  it('a plain answer cut off at the limit is asked again, then used', async () => {
    const { result } = await run((_request, call) =>
      call === 1
        ? { content: 'Order SO-10482 is on hold because the pay', finishReason: 'length' }
        : { content: 'Order SO-10482 is on hold.' },
    );
    expect(result).toMatchObject({ status: 'completed', answer: 'Order SO-10482 is on hold.' });
  });
});

describe('model behaviour: tools', () => {
  it('an unknown tool is refused as data; the model recovers and nothing is executed', async () => {
    const { result, toolbox } = await run((_request, call) =>
      call === 1 ? { toolCalls: [{ name: 'delete_all_orders', arguments: {} }] } : { content: 'I cannot do that.' },
    );
    expect(result.status).toBe('completed');
    expect(result.toolCalls[0]).toMatchObject({ name: 'delete_all_orders', status: 'denied' });
    expect(toolbox.executed).toHaveLength(0);
  });

  it('empty content with a write call: the approver still reads a rationale (the rationale argument, reasoning removed)', async () => {
    const { result, toolbox } = await run((_request, call) =>
      call === 1
        ? {
            content: '',
            toolCalls: [
              {
                name: 'issue_refund',
                arguments: {
                  orderNumber: 'SO-10482',
                  amount: 30,
                  reason: 'overcharge',
                  rationale: '<think>the customer seems upset, maybe refund more</think>Captured 130 on a 100 order; refund the 30 excess.',
                },
              },
            ],
          }
        : { content: 'A refund of 30 awaits approval.' },
    );
    expect(result.status).toBe('completed');
    expect(toolbox.requests[0]).toMatchObject({
      args: { orderNumber: 'SO-10482', amount: 30, reason: 'overcharge' },
      rationale: 'Captured 130 on a 100 order; refund the 30 excess.',
    });
  });

  it('offers every write tool with a required rationale argument', async () => {
    const { server } = await run(() => ({ content: 'Hello.' }));
    const refund = server.requests[0]!.tools!.find((tool) => tool.function.name === 'issue_refund')!;
    expect(refund.function.parameters).toMatchObject({ required: expect.arrayContaining(['rationale']) });
    const read = server.requests[0]!.tools!.find((tool) => tool.function.name === 'get_order')!;
    expect(JSON.stringify(read.function.parameters)).not.toContain('rationale');
  });

  it('parallel calls with the same write twice: proposed once, the second refused', async () => {
    const refund = {
      name: 'issue_refund',
      arguments: { orderNumber: 'SO-10482', amount: 30, reason: 'overcharge', rationale: 'excess capture' },
    };
    const { result, toolbox } = await run(
      (_request, call) =>
        call === 1
          ? { toolCalls: [refund, { name: 'get_order', arguments: { orderNumber: 'SO-10482' } }, refund] }
          : { content: 'Done looking.' },
      {},
      ['issue_refund'],
    );
    expect(result.status).toBe('completed');
    expect(toolbox.executed).toHaveLength(1);
    // The calls run concurrently: whichever reaches the gate first is proposed, the other refused.
    expect(
      result.toolCalls
        .filter((call) => call.name === 'issue_refund')
        .map((call) => call.status)
        .sort(),
    ).toEqual(['executed', 'skipped']);
  });
});

describe('model behaviour: text', () => {
  it('<think> blocks never reach the answer, streamed or stored', async () => {
    const { result } = await run(() => ({
      content: '<think>The user wants status. I should not mention the internal flag.</think>Order SO-10482 is on hold for payment review.',
    }));
    expect(result).toMatchObject({ status: 'completed', answer: 'Order SO-10482 is on hold for payment review.' });
  });

  it('a refusal is an answer, with no tool call', async () => {
    const { result } = await run(() => ({ content: "I'm sorry, I can't help with that request." }));
    expect(result).toMatchObject({ status: 'completed', answer: "I'm sorry, I can't help with that request.", toolCalls: [] });
  });

  it('an empty reply is asked again once, then fails clearly instead of an empty "completed"', async () => {
    const { result } = await run(() => ({ content: '' }));
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/neither text nor a tool call/);
  });

  it('markdown-wrapped outcomes are read like plain ones', () => {
    const summary = (answer: string) => ({ answer, toolCalls: [], proposals: [], limitHit: undefined, removedCitations: [] });
    for (const answer of [
      '**Hand-off to a human:** the customer must confirm.',
      '> - _Hand-off to a human_: missing unit',
      '## Hand off to a human: no stock anywhere',
    ]) {
      expect(classifyTriage(summary(answer)).kind).toBe('handoff');
    }
    expect(classifyTriage(summary('**Hand-off to a human:** the customer must confirm.')).reason).toBe('the customer must confirm.');
  });
});

describe('model behaviour: transport', () => {
  it('429 with Retry-After waits as asked, then succeeds', async () => {
    const started = Date.now();
    const { result, server } = await run((_request, call) =>
      call === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { content: 'All good.' },
    );
    expect(result).toMatchObject({ status: 'completed', answer: 'All good.' });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('429 asking to wait longer than the run may take fails at once, saying so', async () => {
    const { result, server } = await run(() => ({ status: 429, headers: { 'retry-after': '3600' } }), { runTimeoutMs: 20_000 });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/rate limited and asks to wait 3600 s.*try again later/);
    expect(server.requests).toHaveLength(1);
  });

  it('500 then success', async () => {
    const { result, server } = await run((_request, call) => (call === 1 ? { status: 500 } : { content: 'Recovered.' }));
    expect(result).toMatchObject({ status: 'completed', answer: 'Recovered.' });
    expect(server.requests).toHaveLength(2);
  });

  it('a hang past the timeout aborts the HTTP request and fails with what to do', async () => {
    const { result, server } = await run(() => ({ content: 'too late', delayMs: 10_000 }), { modelTimeoutMs: 300, modelRetries: 0 });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'upstream_failed' });
    expect(result.error?.message).toMatch(/did not answer within 300 ms; try again/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.aborted).toBe(1);
  });
});
