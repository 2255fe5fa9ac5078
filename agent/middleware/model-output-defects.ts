/**
 * What makes a model reply unusable, checked before anything in it runs: tool-call arguments that
 * are not valid JSON (LangChain's `invalid_tool_calls`, or streamed fragments LangChain "repaired" —
 * a cut-off `{"amount": 12` must never become a refund of 12), a reply cut off at the output limit
 * (`finish_reason: length` and the Anthropic and Ollama equivalents), and an empty reply. Each comes
 * with the text fed back to the model so it can correct itself once.
 */
import { AIMessage } from '@langchain/core/messages';
import { stripReasoning } from '../prompts/reasoning-text.ts';

export type DefectKind = 'invalid_tool_arguments' | 'truncated' | 'empty_reply';

export interface ModelOutputDefect {
  kind: DefectKind;
  /** For the log and the run's error: what was wrong. */
  detail: string;
  /** Fed back to the model as a correction request. */
  feedback: string;
}

const TRUNCATION_REASONS = new Set(['length', 'max_tokens', 'model_length_limit']);

/** The stop reason providers report for a reply cut off at the output limit. */
export function stopReason(message: AIMessage): string | undefined {
  // @langchain/anthropic keeps a streamed reply's stop_reason in additional_kwargs (its message_delta), not in response_metadata.
  for (const metadata of [message.response_metadata ?? {}, message.additional_kwargs ?? {}] as Array<Record<string, unknown>>) {
    for (const key of ['finish_reason', 'stop_reason', 'done_reason']) {
      const value = metadata[key];
      if (typeof value === 'string') return value;
    }
  }
  return undefined;
}

function strictJson(text: string): string | undefined {
  if (!text.trim()) return undefined; // no arguments at all: the tool's own validation answers that
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? undefined : 'the arguments are not a JSON object';
  } catch (error) {
    return (error as Error).message;
  }
}

/** Raw argument strings the provider sent, where the message still carries them. */
function rawArguments(message: AIMessage): Array<{ name: string; args: string }> {
  const raw: Array<{ name: string; args: string }> = [];
  const chunks = (message as unknown as { tool_call_chunks?: Array<{ name?: string; args?: string }> }).tool_call_chunks;
  for (const chunk of chunks ?? []) if (typeof chunk.args === 'string') raw.push({ name: chunk.name ?? 'a tool', args: chunk.args });
  if (raw.length) return raw;
  const openAi = (message.additional_kwargs?.tool_calls ?? []) as Array<{ function?: { name?: string; arguments?: unknown } }>;
  for (const call of openAi) {
    if (typeof call.function?.arguments === 'string') raw.push({ name: call.function.name ?? 'a tool', args: call.function.arguments });
  }
  return raw;
}

/** `reportedStopReason`: the stop reason a callback saw, for messages that no longer carry it. */
export function findOutputDefect(message: unknown, reportedStopReason?: string): ModelOutputDefect | undefined {
  if (!AIMessage.isInstance(message)) return undefined;
  const reason = stopReason(message) ?? reportedStopReason;
  const toolCalls = message.tool_calls ?? [];
  if (reason && TRUNCATION_REASONS.has(reason)) {
    return {
      kind: 'truncated',
      detail: `the reply was cut off at the output limit (${reason})${toolCalls.length ? ` inside a call of ${toolCalls.map((call) => call.name).join(', ')}` : ''}`,
      feedback:
        'Your previous reply was cut off at the output token limit, so none of it was used and no tool was run. ' +
        'Reply again, shorter: call one tool at a time with complete arguments, or answer in a few sentences.',
    };
  }
  const invalid = (message.invalid_tool_calls ?? []).map((call) => ({
    name: call.name ?? 'a tool',
    error: call.error ?? 'unparseable arguments',
  }));
  for (const raw of rawArguments(message)) {
    const problem = strictJson(raw.args);
    if (problem && !invalid.some((call) => call.name === raw.name)) invalid.push({ name: raw.name, error: problem });
  }
  if (invalid.length) {
    return {
      kind: 'invalid_tool_arguments',
      detail: `tool call arguments that are not valid JSON: ${invalid.map((call) => `${call.name} (${call.error})`).join('; ')}`.slice(
        0,
        500,
      ),
      feedback:
        `Your previous reply was not used and no tool was run: the arguments of ${invalid.map((call) => call.name).join(', ')} ` +
        'were not a valid JSON object. Call the tool again with complete, valid JSON arguments that match its schema.',
    };
  }
  if (!toolCalls.length && !stripReasoning(textOf(message))) {
    return {
      kind: 'empty_reply',
      detail: 'the model replied with neither text nor a tool call',
      feedback: 'Your previous reply was empty. Answer the request, or call a tool if you need data first.',
    };
  }
  return undefined;
}

function textOf(message: AIMessage): string {
  if (typeof message.content === 'string') return message.content;
  return (message.content as Array<{ type?: string; text?: string }>)
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
}
