/**
 * Bounds and resilience around every model call: counts steps, takes the tools away on the last
 * allowed step (so the model must answer with what it has), aborts each attempt that runs past its
 * timeout (an AbortSignal the provider client cancels the HTTP request with), retries transient
 * failures with exponential backoff and jitter or as long as `Retry-After` asks, feeds an unusable
 * reply (invalid or truncated tool arguments, `finish_reason: length`, an empty reply) back to the
 * model once as an error it can correct, then fails the run with an error that says what to do.
 */
import { HumanMessage } from '@langchain/core/messages';
import { AIMessage, createMiddleware } from 'langchain';
import { AppError } from '../../core/errors.ts';
import type { AgentLimits } from '../limits.ts';
import type { RunRecorder } from '../run/run-recorder.ts';
import { modelCallDuration } from '../telemetry/metrics.ts';
import { inSpan, SPAN_NAMES } from '../telemetry/tracing.ts';
import { trackStopReason } from '../models/stop-reason.ts';
import { withCallSignal } from '../models/call-signal.ts';
import { findOutputDefect, type ModelOutputDefect } from './model-output-defects.ts';

const HTTP_FAILURES: Record<number, string> = {
  400: 'the model endpoint rejected the request (HTTP 400); an operator should check the model settings (COPILOT_MODEL, COPILOT_MODEL_TEMPERATURE)',
  401: 'authentication failed (HTTP 401): an operator should check the API key (OPENAI_API_KEY or ANTHROPIC_API_KEY)',
  403: 'access denied (HTTP 403): an operator should check the API key and its permissions',
  404: 'model or endpoint not found (HTTP 404): an operator should check COPILOT_MODEL and the base URL',
  408: 'the model endpoint timed out (HTTP 408); try again in a minute',
  413: 'the request was too large for the model (HTTP 413); start a new conversation or ask a narrower question',
  429: 'rate limited by the model provider (HTTP 429); try again in a minute',
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
      HTTP_FAILURES[status] ??
      (status >= 500 ? `the model service failed (HTTP ${status}); try again in a minute` : `the model endpoint answered HTTP ${status}`)
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
    super('timeout', `model ${model} did not answer within ${ms} ms; try again, or ask an operator to check the model service`, {
      model,
      ms,
    });
  }
}

/** The model's reply was unusable twice in a row (after one correction request): nothing of it ran. */
export class ModelOutputError extends AppError {
  constructor(model: string, defect: ModelOutputDefect) {
    super(
      'upstream_failed',
      `model ${model} sent an unusable reply twice (${defect.detail}); nothing from it was run — try again, or use a model with reliable tool calling`,
      { model, defect: defect.kind },
    );
  }
}

/** A rate limit asks to wait longer than the run has left. */
export class ModelRateLimitedError extends AppError {
  constructor(model: string, waitMs: number) {
    super(
      'upstream_failed',
      `model ${model} is rate limited and asks to wait ${Math.ceil(waitMs / 1000)} s, longer than this run may take; try again later`,
      {
        model,
        waitMs,
      },
    );
  }
}

/** `Retry-After` (seconds or an HTTP date) or `retry-after-ms` of a failed call, in ms. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const source = error as { headers?: unknown; response?: { headers?: unknown } } | null;
  const headers = source?.headers ?? source?.response?.headers;
  if (!headers || typeof headers !== 'object') return undefined;
  const read = (name: string): string | undefined => {
    const value =
      typeof (headers as Headers).get === 'function' ? (headers as Headers).get(name) : (headers as Record<string, unknown>)[name];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const ms = read('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const after = read('retry-after');
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Number(after) * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
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
      // An unusable reply is answered once with a correction request (not persisted in the state: only what ran is).
      let correction: { defect: ModelOutputDefect; messages: HumanMessage[] } | undefined;
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        made = attempt;
        const remaining = recorder.remainingMs();
        if (remaining <= 0) {
          recorder.limitHit ??= 'time';
          throw new AppError('timeout', `the run exceeded its ${limits.runTimeoutMs} ms budget`);
        }
        const timeoutMs = Math.min(limits.modelTimeoutMs, remaining);
        const started = Date.now();
        const deadline = AbortSignal.timeout(timeoutMs);
        // Streamed replies lose the provider's stop reason on the aggregated message; the model's callback records it here.
        const stopReason: { value?: string } = {};
        try {
          const response = await inSpan(
            SPAN_NAMES.modelCall,
            { 'model.id': modelId, 'agent.step': recorder.step, 'agent.attempt': attempt, 'agent.run_id': recorder.runId },
            async (span) => {
              // The signal cancels the provider's HTTP request; the race is only a backstop for a client that ignores it.
              const aborted = new Promise<never>((_, reject) => {
                deadline.addEventListener('abort', () => reject(new ModelTimeoutError(modelId, timeoutMs)), { once: true });
              });
              const message = await Promise.race([
                trackStopReason(stopReason, () =>
                  withCallSignal(deadline, () =>
                    handler({
                      ...prepared,
                      ...(correction ? { messages: [...prepared.messages, ...correction.messages] } : {}),
                      modelSettings: { ...prepared.modelSettings, signal: deadline },
                    }),
                  ),
                ),
                aborted,
              ]);
              const usage = AIMessage.isInstance(message) ? message.usage_metadata : undefined;
              if (usage) span.setAttributes({ 'model.input_tokens': usage.input_tokens, 'model.output_tokens': usage.output_tokens });
              return message;
            },
          ).catch((error: unknown) => {
            throw deadline.aborted && !(error instanceof ModelTimeoutError) ? new ModelTimeoutError(modelId, timeoutMs) : error;
          });
          const elapsed = Date.now() - started;
          recorder.modelMs += elapsed;
          modelCallDuration.observe({ model: modelId, result: 'ok' }, elapsed / 1000);
          if (AIMessage.isInstance(response)) recorder.addUsage(response.usage_metadata);
          const defect = findOutputDefect(response, stopReason.value);
          if (!defect) return response;
          if (correction) throw new ModelOutputError(modelId, defect);
          correction = { defect, messages: [new HumanMessage(`[runtime] ${defect.feedback}`)] };
          attempt -= 1; // a correction is not a failed attempt
        } catch (error) {
          if (error instanceof ModelOutputError) throw error;
          const elapsed = Date.now() - started;
          recorder.modelMs += elapsed;
          modelCallDuration.observe({ model: modelId, result: 'error' }, elapsed / 1000);
          lastError = error;
          if (!isRetryable(error) || attempt === attempts) break;
          const backoff = limits.retryBaseDelayMs * 2 ** (attempt - 1) + Math.random() * limits.retryBaseDelayMs;
          const asked = retryAfterMs(error);
          const wait = asked === undefined ? backoff : Math.max(asked, limits.retryBaseDelayMs);
          if (wait > recorder.remainingMs()) throw new ModelRateLimitedError(modelId, wait);
          await sleep(wait);
        }
      }
      throw new ModelCallFailedError(modelId, made, lastError);
    },
  });
}
