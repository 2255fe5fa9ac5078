/** Reads a LangChain message list into what the offline planner reasons over: this turn, earlier turns, tool results. */
import { AIMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { toolOutcomeSchema, type ToolOutcome } from '../../../tools/outcome.ts';
import { parseToolResultContent } from '../../prompts/untrusted-data.ts';

export interface ToolExchange {
  id: string;
  name: string;
  args: Record<string, unknown>;
  outcome: ToolOutcome | undefined;
}

export interface Conversation {
  system: string;
  /** The current user message (the last human message). */
  input: string;
  /** Earlier user and assistant turns, oldest first. */
  history: Array<{ role: 'user' | 'assistant'; content: string }>;
  /** Tool calls made since the current user message, with their outcomes, in order. */
  exchanges: ToolExchange[];
  /** Model steps taken since the current user message. */
  steps: number;
}

export function messageText(message: BaseMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  return content
    .map((part) => (typeof part === 'string' ? part : 'text' in part && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

function outcomeOf(message: ToolMessage): ToolOutcome | undefined {
  const fromArtifact = toolOutcomeSchema.safeParse(message.artifact);
  if (fromArtifact.success) return fromArtifact.data;
  return parseToolResultContent(messageText(message));
}

export function readConversation(messages: readonly BaseMessage[]): Conversation {
  let lastHuman = -1;
  messages.forEach((message, index) => {
    if (message.getType() === 'human') lastHuman = index;
  });
  const system = messages
    .filter((message) => message.getType() === 'system')
    .map(messageText)
    .join('\n');
  const history: Conversation['history'] = [];
  for (const message of messages.slice(0, Math.max(lastHuman, 0))) {
    const type = message.getType();
    if (type === 'human') history.push({ role: 'user', content: messageText(message) });
    else if (type === 'ai' && messageText(message).trim()) history.push({ role: 'assistant', content: messageText(message) });
  }
  const exchanges: ToolExchange[] = [];
  let steps = 0;
  for (const message of messages.slice(lastHuman + 1)) {
    if (AIMessage.isInstance(message)) {
      steps += 1;
      for (const call of message.tool_calls ?? []) {
        exchanges.push({ id: call.id ?? '', name: call.name, args: (call.args ?? {}) as Record<string, unknown>, outcome: undefined });
      }
    } else if (ToolMessage.isInstance(message)) {
      const exchange = exchanges.find((candidate) => candidate.id === message.tool_call_id);
      if (exchange) exchange.outcome = outcomeOf(message);
    }
  }
  return { system, input: lastHuman >= 0 ? messageText(messages[lastHuman]!) : '', history, exchanges, steps };
}
