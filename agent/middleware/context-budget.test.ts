import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { formatToolResultForModel, parseToolResultContent } from '../prompts/untrusted-data.ts';
import { fitContextBudget, LEFT_OUT_TURN } from './context-budget.ts';

const result = (id: string, rows: number): ToolMessage =>
  new ToolMessage({
    tool_call_id: id,
    name: 'search_orders',
    content: formatToolResultForModel({
      tool: 'search_orders',
      decision: 'allow',
      status: 'ok',
      reason: 'read',
      result: { orders: Array.from({ length: rows }, (_, index) => ({ orderNumber: `SO-${index}`, note: 'n'.repeat(100) })) },
    }),
  });
const calls = (id: string): AIMessage => new AIMessage({ content: '', tool_calls: [{ id, name: 'search_orders', args: {} }] });

describe('fitContextBudget', () => {
  it('leaves a run within budget alone', () => {
    const messages = [new HumanMessage('hi'), calls('a'), result('a', 2)];
    expect(fitContextBudget(messages, 100_000)).toEqual(messages);
  });

  it('shortens earlier results as valid JSON with a note, keeps the newest round whole, then leaves out earlier turns', () => {
    const messages = [
      new HumanMessage(`earlier question ${'q'.repeat(4000)}`),
      new AIMessage(`earlier answer ${'a'.repeat(4000)}`),
      new HumanMessage('which orders wait?'),
      calls('a'),
      result('a', 80),
      calls('b'),
      result('b', 80),
    ];
    const fitted = fitContextBudget(messages, 14_000);
    const first = parseToolResultContent(String(fitted[4]!.content));
    expect(first?.result).toBeDefined();
    expect(String(fitted[4]!.content)).toMatch(/"truncated":"an earlier result, shortened to fit the run's context budget/);
    expect(fitted[6]).toBe(messages[6]);
    expect(fitted[0]!.content).toBe(LEFT_OUT_TURN);
    expect(fitted[2]!.content).toBe('which orders wait?');
    expect((fitted[4] as ToolMessage).tool_call_id).toBe('a');
  });
});
