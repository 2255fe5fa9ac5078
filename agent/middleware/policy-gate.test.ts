/**
 * Issue 12, defect 6: a tool call that times out in the gate must not commit after the model was told
 * it failed, and a retry must not execute twice. Real gate (invokeTool), real database, a write that
 * is slow inside its transaction.
 */
import { AIMessage } from '@langchain/core/messages';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPolicy } from '../../policies/policy-store.ts';
import { countRows } from '../../policies/testing/fixtures.ts';
import { createPolicyTestContext, TEST_POLICY, type PolicyTestContext } from '../../policies/testing/policy-test-context.ts';
import { createTestToolRegistry } from '../../policies/testing/test-tools.ts';
import { defineTool } from '../../tools/tool.ts';
import { chatSystemPrompt } from '../prompts/system-prompts.ts';
import { runAgent } from '../run/run-agent.ts';
import { ScriptedChatModel } from '../testing/scripted-chat-model.ts';
import { createGatedToolbox } from '../toolbox/gated-toolbox.ts';

/** Writes a refund row, then takes `delays.shift()` ms more inside the same transaction. */
const delays: number[] = [];
/** How many slow runs have finished their delay (their transaction then commits or rolls back). */
let finished = 0;
const slowRefund = defineTool({
  name: 'test_slow_refund',
  title: 'A slow refund (test)',
  description: 'Inserts a refund row, then takes its time before the transaction commits.',
  kind: 'write',
  risk: 'high',
  roles: ['rep'],
  input: z.strictObject({ orderRef: z.string().min(1) }),
  output: z.object({}),
  async inspect() {
    return {};
  },
  async run(context, input) {
    await context.tx.query('INSERT INTO test_refunds (tenant_id, ref, amount) VALUES ($1, $2, 10)', [
      context.principal.tenantId,
      input.orderRef,
    ]);
    await sleep(delays.shift() ?? 0);
    finished += 1;
    return {};
  },
});

describe('policy gate: a timed-out tool call', () => {
  let context: PolicyTestContext;
  const registry = createTestToolRegistry([slowRefund]);

  beforeAll(async () => {
    context = await createPolicyTestContext();
    await applyPolicy(
      context.db,
      context.tenant.id,
      `${TEST_POLICY}\n  - id: slow-allow\n    tool: test_slow_refund\n    decision: allow\n    reason: Test.\n`,
    );
  });
  afterAll(() => context.db.close());

  /** The model calls the slow refund, and once more if told it failed (a retry), then answers. */
  const runWithRetry = (started = finished) =>
    runAgent({
      db: context.db,
      toolbox: createGatedToolbox(context.db, registry, context.rep),
      model: {
        id: 'scripted',
        model: new ScriptedChatModel(async (messages) => {
          const results = messages.filter((message) => message.getType() === 'tool');
          const last = results.at(-1);
          const failed = last !== undefined && String(last.content).includes('timeout');
          // A model takes a while to answer; here, until the abandoned transaction has ended (PGlite runs one at a time).
          if (failed) while (finished < started + results.length) await sleep(50);
          if (results.length === 0 || (failed && results.length < 2))
            return new AIMessage({
              content: '',
              tool_calls: [{ id: `r${results.length}`, name: 'test_slow_refund', args: { orderRef: 'A-1' }, type: 'tool_call' }],
            });
          return new AIMessage({ content: 'Done.' });
        }),
      },
      principal: context.rep,
      kind: 'chat',
      systemPrompt: chatSystemPrompt({ principal: context.rep }),
      input: { message: 'refund A-1', history: [] },
      limits: { toolTimeoutMs: 1000 },
    });

  it('rolls the write back when the call times out, so the retry is the only execution', async () => {
    delays.push(2500, 0);
    const result = await runWithRetry();
    expect(
      result.toolCalls.map((call) => call.status),
      JSON.stringify(result.toolCalls.map((call) => call.error)),
    ).toEqual(['failed', 'executed']);
    expect(result.toolCalls[0]).toMatchObject({ error: { code: 'timeout' } });
    // Long after the slow transaction would have finished: it did not commit.
    await sleep(500);
    expect(await countRows(context.db, context.tenant.id, 'test_refunds')).toBe(1);
  });

  it('reports the timed-out call as not executed, and nothing appears later', async () => {
    delays.push(2500, 2500);
    const before = await countRows(context.db, context.tenant.id, 'test_refunds');
    const result = await runWithRetry();
    expect(result.toolCalls.map((call) => call.status)).toEqual(['failed', 'failed']);
    await sleep(500);
    expect(await countRows(context.db, context.tenant.id, 'test_refunds')).toBe(before);
  });
});
