/**
 * One context budget per model call, across the thread's history, tool results (runbook passages come
 * back as search_runbooks results) and the prompt. Each result is already capped on its own
 * (untrusted-data.ts); this bounds their sum. Over budget, earlier tool results are shortened first —
 * as valid JSON with a note saying so, never cut mid-token, the newest round untouched — then earlier
 * turns of the thread are left out with a marker. The system prompt and the current request are never cut.
 */
import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { createMiddleware } from 'langchain';
import { formatToolResultForModel, parseToolResultContent, shrinkJson } from '../prompts/untrusted-data.ts';

/** What an earlier result keeps when the budget is tight: enough to recall what it said, not all of it. */
const EARLIER_RESULT_CHARS = 1500;
export const LEFT_OUT_TURN = '[an earlier turn of this conversation was left out to fit the context budget]';

const charsOf = (message: BaseMessage): number =>
  typeof message.content === 'string' ? message.content.length : JSON.stringify(message.content).length;

function shortenedResult(message: ToolMessage): ToolMessage | undefined {
  const content = typeof message.content === 'string' ? message.content : undefined;
  const outcome = content ? parseToolResultContent(content) : undefined;
  if (!outcome || outcome.result === undefined || !content || content.length <= EARLIER_RESULT_CHARS + 600) return undefined;
  const shrunk = shrinkJson(outcome.result, EARLIER_RESULT_CHARS);
  const formatted = formatToolResultForModel({ ...outcome, result: shrunk.value });
  const note = `an earlier result, shortened to fit the run's context budget (${shrunk.note}); call the tool again for the rest`;
  return new ToolMessage({
    content: formatted.replace('"result":', `"truncated":${JSON.stringify(note)},"result":`),
    tool_call_id: message.tool_call_id,
    ...(message.name ? { name: message.name } : {}),
    ...(message.status ? { status: message.status } : {}),
  });
}

/** The messages within `budget` characters (with `fixed` characters of system prompt), as far as they can be cut. */
export function fitContextBudget(messages: readonly BaseMessage[], budget: number, fixed = 0): BaseMessage[] {
  const fitted = [...messages];
  let total = fixed + fitted.reduce((sum, message) => sum + charsOf(message), 0);
  if (total <= budget) return fitted;
  // The newest round (results of the last step's calls) is what the model is answering now: kept whole.
  const lastCalls = fitted.findLastIndex((message) => AIMessage.isInstance(message) && (message.tool_calls?.length ?? 0) > 0);
  for (let index = 0; index < fitted.length && total > budget; index += 1) {
    const message = fitted[index]!;
    if (!ToolMessage.isInstance(message) || index > lastCalls) continue;
    const shorter = shortenedResult(message);
    if (!shorter) continue;
    total -= charsOf(message) - charsOf(shorter);
    fitted[index] = shorter;
  }
  // Earlier turns of the thread: the plain messages before the current request (the last person's message).
  const current = fitted.findLastIndex((message) => HumanMessage.isInstance(message) && !String(message.content).startsWith('[runtime]'));
  for (let index = 0; index < current && total > budget; index += 1) {
    const message = fitted[index]!;
    const plain =
      (HumanMessage.isInstance(message) || AIMessage.isInstance(message)) && !(AIMessage.isInstance(message) && message.tool_calls?.length);
    if (!plain || message.content === LEFT_OUT_TURN) continue;
    const marker = HumanMessage.isInstance(message) ? new HumanMessage(LEFT_OUT_TURN) : new AIMessage(LEFT_OUT_TURN);
    total -= charsOf(message) - charsOf(marker);
    fitted[index] = marker;
  }
  return fitted;
}

export function contextBudgetMiddleware(options: { budgetChars: number }) {
  return createMiddleware({
    name: 'ContextBudget',
    wrapModelCall: async (request, handler) => {
      const fixed = typeof request.systemPrompt === 'string' ? request.systemPrompt.length : 0;
      const messages = fitContextBudget(request.messages, options.budgetChars, fixed);
      const changed = messages.some((message, index) => message !== request.messages[index]);
      return handler(changed ? { ...request, messages } : request);
    },
  });
}
