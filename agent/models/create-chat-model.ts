/** Builds the configured chat model: the offline planner (default) or any OpenAI-compatible server. */
import { ChatOpenAI } from '@langchain/openai';
import type { Config } from '../../core/config.ts';
import { ConfigurationError } from '../../core/errors.ts';
import type { ModelHandle } from './model-handle.ts';
import { OFFLINE_MODEL_ID, OfflineChatModel } from './offline/offline-chat-model.ts';

export type ModelConfig = Pick<Config, 'COPILOT_MODEL' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'>;

export interface ModelOptions {
  /** Per-request timeout of the HTTP client; the agent's own per-call timeout also applies. */
  timeoutMs?: number;
  /** Clock for the offline model. */
  now?: () => Date;
}

export function createChatModel(config: ModelConfig, options: ModelOptions = {}): ModelHandle {
  const spec = config.COPILOT_MODEL;
  if (spec === OFFLINE_MODEL_ID) {
    return { id: OFFLINE_MODEL_ID, model: new OfflineChatModel(options.now ? { now: options.now } : {}) };
  }
  const name = spec.startsWith('openai:') ? spec.slice('openai:'.length) : '';
  if (!name) throw new ConfigurationError(`COPILOT_MODEL: unknown model "${spec}"; use "offline" or "openai:<model>"`);
  if (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) {
    throw new ConfigurationError('OPENAI_API_KEY: required for COPILOT_MODEL=openai:<model> (or set OPENAI_BASE_URL for a local server)', {
      variables: ['OPENAI_API_KEY'],
    });
  }
  const model = new ChatOpenAI({
    model: name,
    // Local OpenAI-compatible servers (vLLM, Ollama, LM Studio) often need no key; the client still wants one.
    apiKey: config.OPENAI_API_KEY ?? 'not-needed',
    ...(config.OPENAI_BASE_URL ? { configuration: { baseURL: config.OPENAI_BASE_URL } } : {}),
    // The agent's model-call guard owns retries and backoff, so the client must not retry on its own.
    maxRetries: 0,
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    temperature: 0,
    streamUsage: true,
  });
  return { id: spec, model };
}
