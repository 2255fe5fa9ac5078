/**
 * Exports the agent's spans over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set. The SDK and
 * exporter are optional dependencies loaded only then: without the variable nothing is loaded and
 * spans stay no-ops; without the packages the process says so and runs on untraced.
 */
import type { Config } from '../../core/config.ts';

export interface TracingHandle {
  /** Flushes buffered spans (tests, shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export const OPTIONAL_TRACING_PACKAGES = ['@opentelemetry/sdk-trace-node', '@opentelemetry/exporter-trace-otlp-http'] as const;

/** OTLP/HTTP endpoints take signal paths; a base URL gets /v1/traces appended, as the spec says. */
export function tracesUrl(endpoint: string): string {
  return /\/v1\/traces\/?$/.test(endpoint) ? endpoint : `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

export async function startTracing(
  config: Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT'>,
  warn: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
): Promise<TracingHandle | undefined> {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return undefined;
  let sdk: typeof import('@opentelemetry/sdk-trace-node');
  let exporterModule: typeof import('@opentelemetry/exporter-trace-otlp-http');
  try {
    [sdk, exporterModule] = await Promise.all([import('@opentelemetry/sdk-trace-node'), import('@opentelemetry/exporter-trace-otlp-http')]);
  } catch {
    warn(
      `OTEL_EXPORTER_OTLP_ENDPOINT is set but ${OPTIONAL_TRACING_PACKAGES.join(' and ')} are not installed; tracing stays off (npm install them to export spans)`,
    );
    return undefined;
  }
  const exporter = new exporterModule.OTLPTraceExporter({ url: tracesUrl(endpoint) });
  const provider = new sdk.NodeTracerProvider({ spanProcessors: [new sdk.BatchSpanProcessor(exporter)] });
  // Registers the global tracer provider and an AsyncLocalStorage context manager, so spans nest across awaits.
  provider.register();
  return { flush: () => provider.forceFlush(), shutdown: () => provider.shutdown() };
}
