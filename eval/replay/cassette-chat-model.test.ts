import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CassetteChatModel, CassetteDivergenceError, cassetteFromTranscript } from './cassette-chat-model.ts';

const getOrder = tool(async () => '{}', { name: 'get_order', description: 'order', schema: z.object({ order: z.string() }) });
const responses = [
  { content: '', toolCalls: [{ id: 'call_1', name: 'get_order', args: { order: '1001' } }] },
  { content: 'Order 1001 is released.', toolCalls: [] },
];

describe('CassetteChatModel', () => {
  it('serves the recorded responses in order, with their tool call ids', async () => {
    const model = new CassetteChatModel(responses).bindTools([getOrder]);
    const first = await model.invoke([new HumanMessage('status of 1001?')]);
    expect(first.tool_calls).toEqual([expect.objectContaining({ id: 'call_1', name: 'get_order', args: { order: '1001' } })]);
    const second = await model.invoke([
      new HumanMessage('status of 1001?'),
      first,
      new ToolMessage({ content: '{"status":"released"}', tool_call_id: 'call_1' }),
    ]);
    expect(second.content).toBe('Order 1001 is released.');
    expect(model.served).toBe(2);
  });

  it('fails clearly when asked for more than was recorded', async () => {
    const model = new CassetteChatModel(responses.slice(0, 1));
    const first = await model.invoke([new HumanMessage('status?')]);
    await expect(
      model.invoke([new HumanMessage('status?'), first, new ToolMessage({ content: '{}', tool_call_id: 'call_1' })]),
    ).rejects.toThrow(/cassette divergence: model call #2: the cassette holds only 1 recorded response/);
  });

  it('fails when a recorded call has no result in the replay, or the conversation has other model turns', async () => {
    const model = new CassetteChatModel(responses);
    const first = await model.invoke([new HumanMessage('status?')]);
    await expect(model.invoke([new HumanMessage('status?'), first])).rejects.toThrow(
      /recorded response #1 asked for get_order \(call_1\), but the replay has no result/,
    );
    const fresh = new CassetteChatModel(responses);
    await expect(fresh.invoke([new HumanMessage('status?'), new AIMessage('an answer nobody recorded')])).rejects.toThrow(
      /holds 1 earlier model responses, the recording 0/,
    );
  });

  it('fails when the recorded response calls a tool this build does not offer', async () => {
    const other = tool(async () => '{}', { name: 'get_shipment', description: 'shipment', schema: z.object({ shipment: z.string() }) });
    const model = new CassetteChatModel(responses).bindTools([other]);
    const error = await model.invoke([new HumanMessage('status?')]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CassetteDivergenceError);
    expect((error as Error).message).toMatch(/calls get_order, which this build does not offer/);
  });

  it('takes the responses after the last user message from a transcript (history turns are not responses)', () => {
    const cassette = cassetteFromTranscript({
      messages: [
        { role: 'system', content: 'You are Ops Copilot.' },
        { role: 'user', content: 'status of 1001?' },
        { role: 'assistant', content: 'It is released.' },
        { role: 'user', content: 'and its shipment?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'get_shipment', args: { order: '1001' } }] },
        { role: 'tool', content: '{}', toolCallId: 'c1' },
        { role: 'assistant', content: 'In transit.' },
      ],
    });
    expect(cassette).toEqual([
      { content: '', toolCalls: [{ id: 'c1', name: 'get_shipment', args: { order: '1001' } }] },
      { content: 'In transit.', toolCalls: [] },
    ]);
  });
});
