/**
 * The model path's structure, on the scripted OpenAI-compatible server through the real client: which
 * tools a step offers (triage: reads, the runbook's writes, finish_triage), the structured triage
 * outcome (finish_triage, validated, checked against what happened), and the context budget.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteDatabase } from '../../core/db/pglite.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import type { AgentLimitsInput } from '../limits.ts';
import { LEFT_OUT_TURN } from '../middleware/context-budget.ts';
import { chatSystemPrompt } from '../prompts/system-prompts.ts';
import { runAgent } from '../run/run-agent.ts';
import { createPrincipal, sampleData } from '../testing/fixtures.ts';
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer, type ReplyScript } from '../testing/openai-compatible-server.ts';
import { createScriptedToolbox } from '../testing/scripted-toolbox.ts';
import { classifyTriage } from '../triage/classify-triage.ts';
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

const RUNBOOK = { documentId: 'rb-payment-mismatch', version: 3, actions: ['issue_refund'], sections: ['rb-payment-mismatch#refund'] };

async function triage(script: ReplyScript, options: { allowWrites?: string[]; limits?: AgentLimitsInput } = {}) {
  server = await startOpenAiCompatibleServer(script);
  const model = createChatModel({ COPILOT_MODEL: 'openai:scripted', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseUrl });
  const toolbox = createScriptedToolbox(sampleData(), { allowWrites: options.allowWrites ?? [] });
  const result = await runAgent({
    db,
    toolbox,
    model,
    principal,
    kind: 'triage',
    systemPrompt: 'You triage exceptions.',
    input: { message: 'Triage the payment mismatch on SO-10482.', history: [], runbook: RUNBOOK },
    classify: classifyTriage,
    limits: { retryBaseDelayMs: 5, ...options.limits },
  });
  return { result, toolbox, server };
}

const toolNames = (request: { tools?: Array<{ function: { name: string } }> }): string[] =>
  (request.tools ?? []).map((tool) => tool.function.name).sort();

describe('tools offered per step', () => {
  it('triage offers the reads, the writes the runbook names and finish_triage — not every write', async () => {
    const { server } = await triage(() => ({ content: 'Hand-off to a human: nothing to do.' }));
    const offered = toolNames(server.requests[0]!);
    expect(offered).toEqual(expect.arrayContaining(['finish_triage', 'get_order', 'get_inventory', 'search_runbooks', 'issue_refund']));
    expect(offered).not.toContain('reallocate_order_line');
  });

  it('chat offers every tool the role has, and no finish_triage', async () => {
    server = await startOpenAiCompatibleServer(() => ({ content: 'Hello.' }));
    const model = createChatModel({ COPILOT_MODEL: 'openai:scripted', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseUrl });
    await runAgent({
      db,
      toolbox: createScriptedToolbox(sampleData()),
      model,
      principal,
      kind: 'chat',
      systemPrompt: chatSystemPrompt({ principal }),
      input: { message: 'hi', history: [] },
    });
    const offered = toolNames(server.requests[0]!);
    expect(offered).toEqual(expect.arrayContaining(['issue_refund', 'reallocate_order_line']));
    expect(offered).not.toContain('finish_triage');
  });
});

describe('structured triage outcome (finish_triage)', () => {
  it('handed_off: the outcome and its reason come from the tool call, not from a line in the text', async () => {
    const { result } = await triage((_request, call) =>
      call === 1
        ? {
            toolCalls: [
              {
                name: 'finish_triage',
                arguments: { outcome: 'handed_off', summary: 'Capture matches.', reason: 'the PSP report is missing' },
              },
            ],
          }
        : { content: 'Summary: the capture matches; finance must check the PSP report.' },
    );
    expect(result.outcome).toMatchObject({ kind: 'handoff', reason: 'the PSP report is missing' });
    expect(result.toolCalls.find((call) => call.name === 'finish_triage')).toMatchObject({ status: 'ok' });
  });

  it('a model that never calls it: a Markdown-wrapped hand-off line in its text is the outcome, with its reason', async () => {
    const { result } = await triage(() => ({
      content: 'The capture matches the order total.\n\n> **Hand-off to a human:** _the PSP settlement report is missing_',
    }));
    expect(result.status).toBe('completed');
    expect(result.outcome).toMatchObject({ kind: 'handoff', reason: 'the PSP settlement report is missing' });
  });

  it('a model that never calls it: the outcome written as fenced JSON, or the call printed as text, is read by the same schema', async () => {
    const fenced = await triage(() => ({
      content:
        'Checked the capture.\n```json\n{"outcome": "handed_off", "summary": "Capture matches.", "reason": "the PSP report is missing"}\n```',
    }));
    expect(fenced.result.outcome).toMatchObject({ kind: 'handoff', reason: 'the PSP report is missing' });
    await server?.close();
    const printed = await triage(() => ({
      content:
        '{"name": "finish_triage", "arguments": {"outcome": "resolved", "summary": "Already settled.", "reason": "refunded yesterday"}}',
    }));
    // "resolved" with nothing executed goes to a person to close, with the model's reason.
    expect(printed.result.outcome).toMatchObject({ kind: 'handoff', reason: 'the agent found nothing to do: refunded yesterday' });
    await server?.close();
    const invalid = await triage(() => ({ content: '```json\n{"outcome": "done"}\n```\nHand-off to a human: no runbook step fits' }));
    expect(invalid.result.outcome).toMatchObject({ kind: 'handoff', reason: 'no runbook step fits' });
  });

  it('invalid arguments are fed back as an error the model can correct', async () => {
    const { result, server } = await triage((_request, call) =>
      call === 1
        ? { toolCalls: [{ name: 'finish_triage', arguments: { outcome: 'done', summary: '' } }] }
        : call === 2
          ? {
              toolCalls: [
                { name: 'finish_triage', arguments: { outcome: 'handed_off', summary: 'No runbook step fits.', reason: 'no step fits' } },
              ],
            }
          : { content: 'Handed off.' },
    );
    const fedBack = JSON.stringify(server.requests[1]!.messages.at(-1));
    expect(fedBack).toMatch(/Not recorded: .*outcome/);
    expect(result.outcome).toMatchObject({ kind: 'handoff', reason: 'no step fits' });
  });

  it('the facts win: "handed_off" with a proposal waiting is awaiting_approval; "proposed" with none is a hand-off', async () => {
    const refund = {
      name: 'issue_refund',
      arguments: { orderNumber: 'SO-10482', amount: 30, reason: 'overcharge', rationale: 'Captured 130 on 100.' },
    };
    const pending = await triage((_request, call) =>
      call === 1
        ? { toolCalls: [refund] }
        : call === 2
          ? {
              toolCalls: [{ name: 'finish_triage', arguments: { outcome: 'handed_off', summary: 'Refund proposed.', reason: 'approval' } }],
            }
          : { content: 'A refund of 30 awaits approval.' },
    );
    expect(pending.result.outcome.kind).toBe('awaiting_approval');
    await server?.close();
    const claimed = await triage((_request, call) =>
      call === 1
        ? { toolCalls: [{ name: 'finish_triage', arguments: { outcome: 'proposed', summary: 'Refunded the excess.' } }] }
        : { content: 'Done.' },
    );
    expect(claimed.result.outcome).toMatchObject({
      kind: 'handoff',
      reason: expect.stringMatching(/reported a proposal, but none was made/),
    });
  });
});

describe('context budget', () => {
  it('earlier tool results are shortened as valid JSON with a note, earlier turns left out; the current request stays whole', async () => {
    server = await startOpenAiCompatibleServer((_request, call) =>
      call <= 2 ? { toolCalls: [{ name: 'search_runbooks', arguments: { query: `refund rules ${call}` } }] } : { content: 'Answered.' },
    );
    const model = createChatModel({ COPILOT_MODEL: 'openai:scripted', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseUrl });
    const long = 'x'.repeat(3000);
    const history = Array.from({ length: 6 }, (_, index) => ({
      role: index % 2 ? ('assistant' as const) : ('user' as const),
      content: `${index}: ${long}`,
    }));
    const result = await runAgent({
      db,
      toolbox: createScriptedToolbox(sampleData()),
      model,
      principal,
      kind: 'chat',
      systemPrompt: chatSystemPrompt({ principal }),
      input: { message: 'what are the refund rules?', history },
      limits: { contextBudgetChars: 8000, retryBaseDelayMs: 5 },
    });
    expect(result.status).toBe('completed');
    const last = server.requests.at(-1)!;
    const contents = last.messages.map((message) => String(message.content ?? ''));
    expect(contents.join('').length).toBeLessThan(8000 + 4000);
    expect(contents.filter((content) => content === LEFT_OUT_TURN).length).toBeGreaterThan(0);
    expect(contents).toContain('what are the refund rules?');
  });
});
