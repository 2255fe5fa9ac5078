/**
 * Bounds and resilience around every model call: counts steps, takes the tools away on the last
 * allowed step (so the model must answer with what it has), times out each attempt, retries
 * transient failures with exponential backoff and jitter, then fails the run with a clear error.
 */
import { AIMessage, createMiddleware } from 'langchain';
import { AppError } from '../../core/errors.ts';
import type { AgentLimits } from '../limits.ts';
import type { RunRecorder } from '../run/run-recorder.ts';
import { modelCallDuration } from '../telemetry/metrics.ts';
import { inSpan, SPAN_NAMES } from '../telemetry/tracing.ts';

const HTTP_FAILURES: Record<number, string> = {
  400: 'the model endpoint rejected the request (HTTP 400)',
  401: 'authentication failed (HTTP 401): check OPENAI_API_KEY',
  403: 'access denied (HTTP 403)',
  404: 'model or endpoint not found (HTTP 404): check COPILOT_MODEL and OPENAI_BASE_URL',
  408: 'the model endpoint timed out (HTTP 408)',
  413: 'the request was too large for the model (HTTP 413)',
  429: 'rate limited by the model provider (HTTP 429)',
};

/**
 * What a person may read about a model failure. Provider and network error texts can carry masked
 * keys, internal host names or echoed request data, and this text reaches reps, transcripts and SSE
 * streams, so it is built from the status or error code only; the raw cause stays on the error
 * (`cause`) for the server log.
 */
export function describeModelFailure(cause: unknown): string {
  // Our own errors (a timeout, a replay cassette that ran out) were written to be read.
  if (cause instanceof AppError) return cause.message;
  const status = (cause as { status?: unknown })?.status;
  if (typeof status === 'number')
    return (
      HTTP_FAILURES[status] ?? (status >= 500 ? `the model service failed (HTTP ${status})` : `the model endpoint answered HTTP ${status}`)
    );
  const code = (cause as { code?: unknown })?.code;
  if (typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code)) return `could not reach the model endpoint (${code})`;
  return 'unexpected error from the model client (details in the server log)';
}

export class ModelCallFailedError extends AppError {
  constructor(model: string, attempts: number, cause: unknown) {
    super(
      'upstream_failed',
      `model ${model} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${describeModelFailure(cause)}`,
      { model, attempts },
      { cause },
    );
  }
}

export class ModelTimeoutError extends AppError {
  constructor(model: string, ms: number) {
    super('timeout', `model ${model} did not answer within ${ms} ms`, { model, ms });
  }
}

export interface ModelCallGuardOptions {
  modelId: string;
  recorder: RunRecorder;
  limits: AgentLimits;
  sleep?: (ms: number) => Promise<void>;
}

/** Client errors (bad request, auth, unknown model) fail the same way on every attempt; retrying only delays. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ModelTimeoutError) return true;
  if (error instanceof Error && error.name === 'AbortError') return false;
  const status = (error as { status?: unknown })?.status;
  if (typeof status === 'number') return status === 408 || status === 409 || status === 429 || status >= 500;
  return true;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function modelCallGuardMiddleware(options: ModelCallGuardOptions) {
  const { recorder, limits, modelId } = options;
  const sleep = options.sleep ?? defaultSleep;
  return createMiddleware({
    name: 'ModelCallGuard',
    wrapModelCall: async (request, handler) => {
      recorder.step += 1;
      if (recorder.step > limits.maxSteps) {
        recorder.limitHit ??= 'steps';
        return new AIMessage({ content: `I stopped after ${limits.maxSteps} steps without finishing; a human should take this over.` });
      }
      const lastStep = recorder.step === limits.maxSteps || recorder.toolCallsRequested >= limits.maxToolCalls;
      const prepared = lastStep ? { ...request, tools: [] } : request;
      let lastError: unknown;
      let made = 0;
      const attempts = limits.modelRetries + 1;
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        made = attempt;
        const remaining = recorder.remainingMs();
        if (remaining <= 0) {
          recorder.limitHit ??= 'time';
          throw new AppError('timeout', `the run exceeded its ${limits.runTimeoutMs} ms budget`);
        }
        const timeoutMs = Math.min(limits.modelTimeoutMs, remaining);
        const started = Date.now();
        try {
          const response = await inSpan(
            SPAN_NAMES.modelCall,
            { 'model.id': modelId, 'agent.step': recorder.step, 'agent.attempt': attempt, 'agent.run_id': recorder.runId },
            async (span) => {
              let timer: NodeJS.Timeout | undefined;
              const timeout = new Promise<never>((_, reject) => {
                timer = setTimeout(() => reject(new ModelTimeoutError(modelId, timeoutMs)), timeoutMs);
              });
              try {
                const message = await Promise.race([Promise.resolve(handler(prepared)), timeout]);
                const usage = AIMessage.isInstance(message) ? message.usage_metadata : undefined;
                if (usage) span.setAttributes({ 'model.input_tokens': usage.input_tokens, 'model.output_tokens': usage.output_tokens });
                return message;
              } finally {
                clearTimeout(timer);
              }
            },
          );
          const elapsed = Date.now() - started;
          recorder.modelMs += elapsed;
          modelCallDuration.observe({ model: modelId, result: 'ok' }, elapsed / 1000);
          if (AIMessage.isInstance(response)) recorder.addUsage(response.usage_metadata);
          return response;
        } catch (error) {
          const elapsed = Date.now() - started;
          recorder.modelMs += elapsed;
          modelCallDuration.observe({ model: modelId, result: 'error' }, elapsed / 1000);
          lastError = error;
          if (!isRetryable(error) || attempt === attempts) break;
          const backoff = limits.retryBaseDelayMs * 2 ** (attempt - 1);
          await sleep(Math.min(backoff + Math.random() * limits.retryBaseDelayMs, recorder.remainingMs()));
        }
      }
      throw new ModelCallFailedError(modelId, made, lastError);
    },
  });
}
