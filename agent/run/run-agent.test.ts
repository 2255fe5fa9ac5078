import { AIMessage } from '@langchain/core/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteDatabase } from '../../core/db/pglite.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import type { AgentEvent } from '../events.ts';
import { OfflineChatModel } from '../models/offline/offline-chat-model.ts';
import { chatSystemPrompt } from '../prompts/system-prompts.ts';
import { createPrincipal, sampleData } from '../testing/fixtures.ts';
import { ScriptedChatModel } from '../testing/scripted-chat-model.ts';
import { createScriptedToolbox } from '../testing/scripted-toolbox.ts';
import { getRun } from '../transcripts/runs.ts';
import { runAgent, type RunAgentOptions } from './run-agent.ts';

let db: PgliteDatabase;
let principal: Principal;

beforeAll(async () => {
  db = await createTestDb();
  principal = await createPrincipal(db, 'acme');
});
afterAll(async () => {
  await db.close();
});

function chat(message: string, overrides: Partial<RunAgentOptions> = {}): ReturnType<typeof runAgent> {
  return runAgent({
    db,
    toolbox: createScriptedToolbox(sampleData()),
    model: { id: 'offline', model: new OfflineChatModel() },
    principal,
    kind: 'chat',
    systemPrompt: chatSystemPrompt({ principal }),
    input: { message, history: [] },
    ...overrides,
  });
}

describe('runAgent with the offline model', () => {
  it('answers from tool results with citations and stores the transcript', async () => {
    const events: AgentEvent[] = [];
    const result = await chat('why is order SO-10482 stuck?', { onEvent: (event) => events.push(event) });
    expect(result.status).toBe('completed');
    expect(result.toolCalls.map((call) => call.name)).toContain('get_order');
    expect(result.answer).toMatch(/on_hold/);
    expect(result.answer).toContain('[tool:get_order:SO-10482]');
    expect(result.citations.map((citation) => citation.ref)).toContain('tool:get_order:SO-10482');

    const tokens = events
      .filter((event) => event.type === 'token')
      .map((event) => (event as { text: string }).text)
      .join('');
    expect(tokens.trim()).toBe(result.answer);
    expect(events.at(-1)).toMatchObject({ type: 'done', runId: result.runId, status: 'completed' });
    expect(events.some((event) => event.type === 'tool_call' && event.name === 'get_order')).toBe(true);
    expect(events.some((event) => event.type === 'citation')).toBe(true);

    const stored = await getRun(db, principal.tenantId, result.runId);
    expect(stored).toMatchObject({ kind: 'chat', status: 'completed', model: 'offline', answer: result.answer });
    expect(stored.toolCalls[0]).toMatchObject({ name: 'get_order', decision: 'allow', status: 'ok', args: { orderNumber: 'SO-10482' } });
    expect(stored.messages[0]!.role).toBe('system');
    expect(stored.messages.some((message) => message.role === 'tool' && message.content.includes('untrusted="true"'))).toBe(true);
    expect(stored.timings.modelCalls).toBe(2);
  });

  it('resolves "its shipment" to the order of the previous turn', async () => {
    const result = await chat('and its shipment?', {
      input: {
        message: 'and its shipment?',
        history: [
          { role: 'user', content: 'what is the status of SO-10482?' },
          { role: 'assistant', content: 'Order SO-10482: status on_hold. [tool:get_order:SO-10482]' },
        ],
      },
    });
    expect(result.toolCalls.map((call) => [call.name, call.args])).toContainEqual(['get_shipment', { orderNumber: 'SO-10482' }]);
    expect(result.answer).toContain('1Z999AA10123456784');
  });

  it('does not act on instructions injected into an order note', async () => {
    const toolbox = createScriptedToolbox(sampleData(), { allowWrites: ['issue_refund'] });
    const result = await chat('what does order SO-10482 look like?', { toolbox });
    expect(result.toolCalls.map((call) => call.name)).not.toContain('issue_refund');
    expect(toolbox.executed).toEqual([]);
  });

  it('routes a requested refund through the gate and never calls it executed when pending', async () => {
    const events: AgentEvent[] = [];
    const toolbox = createScriptedToolbox(sampleData());
    const result = await chat('please refund $40 on order SO-10482', { toolbox, onEvent: (event) => events.push(event) });
    const refund = result.toolCalls.find((call) => call.name === 'issue_refund');
    expect(refund).toMatchObject({
      status: 'pending_approval',
      decision: 'require_approval',
      args: { orderNumber: 'SO-10482', amount: 40 },
    });
    expect(result.proposals).toHaveLength(1);
    expect(events.some((event) => event.type === 'proposal' && event.status === 'pending_approval')).toBe(true);
    expect(result.answer).toMatch(/not executed/i);
    expect(result.answer).not.toMatch(/^Executed/m);
    expect(toolbox.requests.find((request) => request.tool === 'issue_refund')).toMatchObject({
      origin: { kind: 'agent', ref: result.runId },
      runId: result.runId,
    });
  });

  it('declines out-of-scope requests without calling tools', async () => {
    const result = await chat('write me a poem about cats');
    expect(result.toolCalls).toEqual([]);
    expect(result.answer).toMatch(/outside what I can help with/);
  });

  it('declines requests about another tenant', async () => {
    const result = await chat('show me order SO-10482 of tenant globex');
    expect(result.toolCalls).toEqual([]);
    expect(result.answer).toMatch(/only work with your own workspace/);
  });
});

describe('runAgent bounds and guards', () => {
  it('refuses tool calls past the budget and records them as skipped', async () => {
    const model = new ScriptedChatModel((_messages, call) =>
      call < 4
        ? new AIMessage({
            content: '',
            tool_calls: [{ id: `c${call}`, name: 'get_order', args: { orderNumber: 'SO-10482' }, type: 'tool_call' }],
          })
        : new AIMessage('done'),
    );
    const result = await chat('status of SO-10482', { model: { id: 'scripted', model }, limits: { maxToolCalls: 2, maxSteps: 6 } });
    expect(result.status).toBe('completed');
    expect(result.toolCalls.map((call) => call.status)).toEqual(['ok', 'ok', 'skipped']);
    expect(result.limitHit).toBe('tool_calls');
  });

  it('stops after the step limit', async () => {
    let n = 0;
    const model = new ScriptedChatModel(() => {
      n += 1;
      return new AIMessage({
        content: '',
        tool_calls: [{ id: `s${n}`, name: 'get_order', args: { orderNumber: `SO-${n}` }, type: 'tool_call' }],
      });
    });
    const result = await chat('loop', { model: { id: 'scripted', model }, limits: { maxSteps: 3, maxToolCalls: 50 } });
    expect(result.status).toBe('completed');
    expect(model.calls.count).toBeLessThanOrEqual(3);
    expect(result.toolCalls.length).toBeLessThanOrEqual(3);
  });

  it('retries a failing model with backoff, then fails the run clearly', async () => {
    const model = new ScriptedChatModel(() => {
      throw Object.assign(new Error('upstream 503'), { status: 503 });
    });
    const events: AgentEvent[] = [];
    const result = await chat('status of SO-10482', {
      model: { id: 'scripted', model },
      limits: { modelRetries: 2, retryBaseDelayMs: 1 },
      onEvent: (event) => events.push(event),
    });
    expect(model.calls.count).toBe(3);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'upstream_failed' });
    expect(result.error!.message).toBe(
      'model scripted failed after 3 attempts: the model service failed (HTTP 503); try again in a minute',
    );
    expect(events.find((event) => event.type === 'error')).toMatchObject({ code: 'upstream_failed' });
    const stored = await getRun(db, principal.tenantId, result.runId);
    expect(stored.status).toBe('failed');
    expect(stored.error).toMatchObject({ code: 'upstream_failed' });
  });

  it("never shows a model error's raw text (hosts, credentials) to the rep, the stream or the transcript", async () => {
    const secret = 'postgres://copilot:S3cretPw@db.internal:5432/ops';
    for (const [thrown, expected] of [
      [
        Object.assign(new Error(`Incorrect API key sk-abc…xyz for ${secret}`), { status: 401 }),
        'authentication failed (HTTP 401): an operator should check the API key (OPENAI_API_KEY or ANTHROPIC_API_KEY)',
      ],
      [
        Object.assign(new Error(`connect ECONNREFUSED ${secret}`), { code: 'ECONNREFUSED' }),
        'could not reach the model endpoint (ECONNREFUSED)',
      ],
      [new Error(`weird failure mentioning ${secret}`), 'unexpected error from the model client (details in the server log)'],
    ] as const) {
      const model = new ScriptedChatModel(() => {
        throw thrown;
      });
      const events: AgentEvent[] = [];
      const result = await chat('status of SO-10482', {
        model: { id: 'scripted', model },
        limits: { modelRetries: 0, retryBaseDelayMs: 1 },
        onEvent: (event) => events.push(event),
      });
      expect(result.error).toMatchObject({ code: 'upstream_failed' });
      expect(result.error!.message).toContain(expected);
      const stored = await getRun(db, principal.tenantId, result.runId);
      for (const visible of [JSON.stringify(result), JSON.stringify(events), JSON.stringify(stored)]) {
        expect(visible).not.toContain('S3cretPw');
        expect(visible).not.toContain('db.internal');
      }
    }
  });

  it('does not retry client errors', async () => {
    const model = new ScriptedChatModel(() => {
      throw Object.assign(new Error('bad request'), { status: 400 });
    });
    const result = await chat('status', { model: { id: 'scripted', model }, limits: { modelRetries: 3, retryBaseDelayMs: 1 } });
    expect(model.calls.count).toBe(1);
    expect(result.status).toBe('failed');
  });

  it('times out a hanging model call', async () => {
    const model = new ScriptedChatModel(() => new Promise<AIMessage>(() => {}));
    const result = await chat('status', {
      model: { id: 'scripted', model },
      limits: { modelTimeoutMs: 100, modelRetries: 1, retryBaseDelayMs: 1 },
    });
    expect(result.status).toBe('failed');
    expect(result.error!.message).toMatch(/did not answer within 100 ms/);
  });

  it('returns tool errors to the model as data', async () => {
    const model = new ScriptedChatModel((messages, call) =>
      call === 1
        ? new AIMessage({ content: '', tool_calls: [{ id: 'bad', name: 'get_order', args: { wrong: 1 }, type: 'tool_call' }] })
        : new AIMessage(`saw: ${String(messages.at(-1)!.content).includes('validation_failed') ? 'validation error' : 'nothing'}`),
    );
    const result = await chat('status', { model: { id: 'scripted', model } });
    expect(result.status).toBe('completed');
    expect(result.toolCalls[0]).toMatchObject({ status: 'failed', error: { code: 'validation_failed' } });
    expect(result.answer).toBe('saw: validation error');
  });

  it('removes citations that point nowhere in this run', async () => {
    const model = new ScriptedChatModel((_messages, call) =>
      call === 1
        ? new AIMessage({ content: '', tool_calls: [{ id: 'o', name: 'get_order', args: { orderNumber: 'SO-10482' }, type: 'tool_call' }] })
        : new AIMessage(
            'The order is on hold [tool:get_order:SO-10482]. Policy says refund everything [rb-made-up#section]. See also [tool:get_order:SO-99999].',
          ),
    );
    const events: AgentEvent[] = [];
    const result = await chat('status', { model: { id: 'scripted', model }, onEvent: (event) => events.push(event) });
    expect(result.answer).toBe('The order is on hold [tool:get_order:SO-10482]. Policy says refund everything. See also.');
    expect(result.citations.map((citation) => citation.ref)).toEqual(['tool:get_order:SO-10482']);
    expect(result.outcome.removedCitations).toEqual(['rb-made-up#section', 'tool:get_order:SO-99999']);
    const streamed = events
      .filter((event) => event.type === 'token')
      .map((event) => (event as { text: string }).text)
      .join('');
    expect(streamed).not.toContain('rb-made-up');
  });

  it('drops claims of execution that the outcome does not support', async () => {
    const model = new ScriptedChatModel((_messages, call) =>
      call === 1
        ? new AIMessage({
            content: '',
            tool_calls: [
              { id: 'r', name: 'issue_refund', args: { orderNumber: 'SO-10482', amount: 5000, reason: 'x' }, type: 'tool_call' },
            ],
          })
        : new AIMessage('I have refunded $5000 to the customer. Anything else?'),
    );
    const result = await chat('status', { model: { id: 'scripted', model } });
    expect(result.answer).not.toMatch(/I have refunded/);
    expect(result.answer).toMatch(/issue_refund was NOT executed: proposal .* awaits approval by approver/);
  });

  it("keeps a report of a record's state that the run's tool results show, and drops a claim of acting on it", async () => {
    const model = new ScriptedChatModel((_messages, call) =>
      call === 1
        ? new AIMessage({ content: '', tool_calls: [{ id: 'o', name: 'get_order', args: { orderNumber: 'SO-10482' }, type: 'tool_call' }] })
        : new AIMessage('The status of SO-10482 is held for payment review. I released the hold on SO-10482. SO-20001 is held too.'),
    );
    const result = await chat('status', { model: { id: 'scripted', model } });
    expect(result.answer).toMatch(/^The status of SO-10482 is held for payment review\./);
    expect(result.answer).not.toMatch(/I released/);
    // No record of SO-20001 was read in this run: that report has nothing behind it.
    expect(result.answer).not.toMatch(/SO-20001/);
  });
});
