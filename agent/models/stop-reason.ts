/**
 * The provider's stop reason of a model call (`length`, `max_tokens` …). LangChain keeps it on each
 * streamed chunk but not always on the message it aggregates for the agent, so a callback on the
 * chat model records it into the holder of the call in flight (AsyncLocalStorage: runs in parallel
 * each see their own).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<{ value?: string }>();

/** Runs one model call, collecting the stop reason its chunks report into `holder`. */
export function trackStopReason<T>(holder: { value?: string }, call: () => T | Promise<T>): Promise<T> {
  return Promise.resolve(current.run(holder, call));
}

type MessageFields = { response_metadata?: Record<string, unknown>; additional_kwargs?: Record<string, unknown> };
type ChunkFields = { chunk?: { generationInfo?: Record<string, unknown>; message?: MessageFields } };

function record(info: Record<string, unknown>): void {
  const reason = info.finish_reason ?? info.stop_reason ?? info.done_reason;
  const holder = current.getStore();
  if (holder && typeof reason === 'string' && reason) holder.value = reason;
}

/** A LangChain callback handler for chat models built by createChatModel. */
export const stopReasonCallback = {
  name: 'StopReasonCallback',
  awaitHandlers: true,
  handleLLMNewToken(_token: string, _index: unknown, _runId: unknown, _parent: unknown, _tags: unknown, fields?: ChunkFields) {
    const message = fields?.chunk?.message;
    // @langchain/anthropic streams the stop reason in the message_delta chunk's additional_kwargs.
    record({ ...(message?.additional_kwargs ?? {}), ...(message?.response_metadata ?? {}), ...(fields?.chunk?.generationInfo ?? {}) });
  },
  handleLLMEnd(output: { generations?: Array<Array<{ generationInfo?: Record<string, unknown>; message?: MessageFields }>> }) {
    const generation = output.generations?.[0]?.[0];
    record({
      ...(generation?.message?.additional_kwargs ?? {}),
      ...(generation?.message?.response_metadata ?? {}),
      ...(generation?.generationInfo ?? {}),
    });
  },
};
