/**
 * OpenTelemetry spans for runs, model calls, tool calls and policy decisions. Only the API is used
 * here: without a registered tracer provider the spans are no-ops, so tracing costs nothing by default.
 */
import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

export const TRACER_NAME = 'ops-copilot.agent';

export const SPAN_NAMES = {
  run: 'agent.run',
  modelCall: 'agent.model_call',
  toolCall: 'agent.tool_call',
  policyDecision: 'policy.decision',
} as const;

/** Runs fn inside an active span; errors are recorded on the span and rethrown. */
export async function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME);
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      const result = await fn(span);
      return result;
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
