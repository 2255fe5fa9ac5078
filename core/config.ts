import { z } from 'zod';
import { ConfigurationError } from './errors.ts';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

const optionalString = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.string())
  .optional()
  .transform((value) => (value ? value : undefined));

/**
 * Every environment variable the product reads, validated once at start. README's configuration
 * table mirrors this schema; a bad value stops the process with a message naming the variable.
 */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  COPILOT_DATA_DIR: z.string().min(1).default('./.data'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  COPILOT_MODEL: z
    .string()
    .regex(
      /^(offline|(openai|anthropic|ollama):[\w.:/-]+)$/,
      'must be "offline", "openai:<model>", "anthropic:<model>" or "ollama:<model>"',
    )
    .default('offline'),
  // Sampling temperature, sent only when set (reasoning models reject it; providers' defaults apply otherwise).
  COPILOT_MODEL_TEMPERATURE: z.coerce.number().min(0).max(2).optional(),
  // Output token cap per model call (Anthropic requires one; default 4096 there, the provider's own elsewhere).
  COPILOT_MODEL_MAX_TOKENS: z.coerce.number().int().min(64).max(200_000).optional(),
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalString.pipe(z.url().optional()),
  // Ollama's HTTP API (default http://127.0.0.1:11434) and the context window it is asked for (num_ctx).
  OLLAMA_BASE_URL: optionalString.pipe(z.url().optional()),
  OLLAMA_NUM_CTX: z.coerce.number().int().min(2048).max(1_048_576).default(16_384),
  COPILOT_EMBEDDINGS: z
    .string()
    .regex(/^(local|(openai|ollama):[\w.:/-]+)$/, 'must be "local", "openai:<model>" or "ollama:<model>"')
    .default('local'),
  // Output size requested from `openai:` embedding models that support it (text-embedding-3-*).
  COPILOT_EMBEDDING_DIMENSIONS: z.coerce.number().int().min(1).max(2000).optional(),
  // Knowledge ingestion: files above this size are refused; chunk target size and overlap (characters).
  COPILOT_INGEST_MAX_FILE_MB: z.coerce.number().positive().max(1024).default(10),
  COPILOT_CHUNK_SIZE: z.coerce.number().int().min(200).max(8000).default(1000),
  COPILOT_CHUNK_OVERLAP: z.coerce.number().int().min(0).max(2000).default(150),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  COPILOT_API_KEY: optionalString,
  COPILOT_SEED_ON_START: booleanFlag.default(true),
  // Background orders the start-up seed generates (kept small so a first `npm start` is quick; `copilot seed` defaults higher).
  COPILOT_SEED_ORDERS: z.coerce.number().int().min(0).max(50_000).default(300),
  COPILOT_WORKER: booleanFlag.default(true),
  COPILOT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  // The outbox dispatcher (signed webhooks): on in every serve replica by default; per-attempt deadline; retry horizon.
  COPILOT_DISPATCHER: booleanFlag.default(true),
  COPILOT_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  COPILOT_WEBHOOK_RETRY_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 14)
    .default(24),
  COPILOT_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  COPILOT_CORS_ORIGINS: optionalString,
  COPILOT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  COPILOT_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  COPILOT_ALLOWED_HOSTS: optionalString,
  COPILOT_EVENT_MAX_SKEW_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.url().optional()),
  // When set, GET /metrics answers only `Authorization: Bearer <this token>` (Prometheus `authorization` / bearer_token).
  COPILOT_METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
});

export type Config = z.infer<typeof configSchema>;

/** Parses configuration from an environment (process.env by default). Unknown variables are ignored. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    // An empty variable means "unset", as shells and compose files commonly produce.
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const result = configSchema.safeParse(relevant);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    return `${variable}: ${issue.message}`;
  });
  throw new ConfigurationError(`invalid configuration: ${problems.join('; ')}`, {
    variables: result.error.issues.map((issue) => String(issue.path[0])),
  });
}
