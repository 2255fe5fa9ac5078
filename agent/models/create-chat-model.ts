/**
 * Builds the configured chat model: the offline planner (default), any OpenAI-compatible server
 * (`openai:`), Anthropic (`anthropic:`) or Ollama's own API (`ollama:`), through LangChain's provider
 * packages. Sampling settings are sent only where they were configured and the model accepts them:
 * reasoning models reject `temperature`, so nothing is hard-coded.
 */
import { ChatAnthropic } from '@langchain/anthropic';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';
import type { Config } from '../../core/config.ts';
import { ConfigurationError } from '../../core/errors.ts';
import type { ModelHandle } from './model-handle.ts';
import { OFFLINE_MODEL_ID, OfflineChatModel } from './offline/offline-chat-model.ts';
import { callSignalFetch } from './call-signal.ts';
import { stopReasonCallback } from './stop-reason.ts';

export type ModelConfig = Pick<Config, 'COPILOT_MODEL' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'> &
  Partial<
    Pick<
      Config,
      | 'COPILOT_MODEL_TEMPERATURE'
      | 'COPILOT_MODEL_MAX_TOKENS'
      | 'ANTHROPIC_API_KEY'
      | 'ANTHROPIC_BASE_URL'
      | 'OLLAMA_BASE_URL'
      | 'OLLAMA_NUM_CTX'
    >
  >;

export interface ModelOptions {
  /** Clock for the offline model. */
  now?: () => Date;
}

export const MODEL_PROVIDERS = ['openai', 'anthropic', 'ollama'] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';
/** Anthropic requires an output cap on every request. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** `provider:model` split; undefined for `offline`. */
export function parseModelSpec(spec: string): { provider: ModelProvider; name: string } | undefined {
  if (spec === OFFLINE_MODEL_ID) return undefined;
  const colon = spec.indexOf(':');
  const provider = spec.slice(0, colon) as ModelProvider;
  const name = spec.slice(colon + 1);
  if (colon < 1 || !MODEL_PROVIDERS.includes(provider) || !name) {
    throw new ConfigurationError(`COPILOT_MODEL: unknown model "${spec}"; use "offline" or "<openai|anthropic|ollama>:<model>"`, {
      variables: ['COPILOT_MODEL'],
    });
  }
  return { provider, name };
}

/**
 * OpenAI reasoning models (o1, o3, o4-mini, gpt-5 …) answer HTTP 400 to any temperature other than
 * the default; refusing the configuration up front says what to change instead of failing every run.
 */
export function acceptsTemperature(provider: ModelProvider, name: string): boolean {
  if (provider !== 'openai') return true;
  const base = name.split('/').at(-1)!.toLowerCase();
  return !/^(o\d|gpt-5)/.test(base);
}

function sampling(config: ModelConfig, provider: ModelProvider, name: string): { temperature?: number } {
  const temperature = config.COPILOT_MODEL_TEMPERATURE;
  if (temperature === undefined) return {};
  if (!acceptsTemperature(provider, name)) {
    throw new ConfigurationError(
      `COPILOT_MODEL_TEMPERATURE: ${provider}:${name} is a reasoning model and accepts no temperature; unset the variable`,
      { variables: ['COPILOT_MODEL_TEMPERATURE'] },
    );
  }
  return { temperature };
}

export function createChatModel(config: ModelConfig, options: ModelOptions = {}): ModelHandle {
  const spec = config.COPILOT_MODEL;
  const parsed = parseModelSpec(spec);
  if (!parsed) return { id: OFFLINE_MODEL_ID, model: new OfflineChatModel(options.now ? { now: options.now } : {}) };
  const { provider, name } = parsed;
  // The agent's model-call guard owns retries, backoff and timeouts (an AbortSignal per attempt): clients must not retry.
  if (provider === 'anthropic') {
    if (!config.ANTHROPIC_API_KEY) {
      throw new ConfigurationError('ANTHROPIC_API_KEY: required for COPILOT_MODEL=anthropic:<model>', { variables: ['ANTHROPIC_API_KEY'] });
    }
    const model = new ChatAnthropic({
      model: name,
      apiKey: config.ANTHROPIC_API_KEY,
      ...(config.ANTHROPIC_BASE_URL ? { anthropicApiUrl: config.ANTHROPIC_BASE_URL } : {}),
      maxRetries: 0,
      maxTokens: config.COPILOT_MODEL_MAX_TOKENS ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
      streamUsage: true,
      callbacks: [stopReasonCallback],
      ...sampling(config, provider, name),
    });
    return { id: spec, model };
  }
  if (provider === 'ollama') {
    const model = new ChatOllama({
      model: name,
      baseUrl: config.OLLAMA_BASE_URL ?? DEFAULT_OLLAMA_URL,
      // ChatOllama does not pass the call's AbortSignal to its request: this fetch makes a timeout close it.
      fetch: callSignalFetch(),
      // Ollama's default context (2–4k tokens) silently cuts the system prompt and tool schemas off.
      numCtx: config.OLLAMA_NUM_CTX ?? 16_384,
      maxRetries: 0,
      callbacks: [stopReasonCallback],
      ...(config.COPILOT_MODEL_MAX_TOKENS ? { numPredict: config.COPILOT_MODEL_MAX_TOKENS } : {}),
      ...sampling(config, provider, name),
    });
    return { id: spec, model };
  }
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
    maxRetries: 0,
    ...(config.COPILOT_MODEL_MAX_TOKENS ? { maxTokens: config.COPILOT_MODEL_MAX_TOKENS } : {}),
    streamUsage: true,
    callbacks: [stopReasonCallback],
    ...sampling(config, provider, name),
  });
  return { id: spec, model };
}
