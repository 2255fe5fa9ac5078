import { z } from 'zod';
import { ConfigurationError } from './errors.ts';
import { PARTNER_ROLES, ROLES } from './identity/roles.ts';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

const optionalString = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.string())
  .optional()
  .transform((value) => (value ? value : undefined));

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or http on a loopback host (local identity providers and tests); no query or fragment. */
const oauthUrl = z.url().refine((value) => {
  const url = new URL(value);
  if (url.search || url.hash) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}, 'must be an https:// URL (http:// only on localhost) without query or fragment');

const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/; // RFC 6749 scope-token
const scopeRoleList = new RegExp(`^(${ROLES.join('|')})(\\+(${ROLES.join('|')}))*$`);

/**
 * `scope=role[+role],…` (e.g. `copilot:read=evaluator,copilot:operate=rep,copilot:approve=rep+approver`):
 * the tenant roles each OAuth scope grants at /mcp.
 */
export const scopeRolesSchema = z.string().transform((value, context) => {
  const mapping: Record<string, (typeof ROLES)[number][]> = {};
  for (const entry of value.split(',').map((part) => part.trim())) {
    const [scope, roles, ...rest] = entry.split('=');
    if (!scope || !roles || rest.length || !SCOPE.test(scope) || !scopeRoleList.test(roles)) {
      context.addIssue({
        code: 'custom',
        message: `entry ${JSON.stringify(entry)} must be scope=role[+role] with roles among ${ROLES.join(', ')}`,
      });
      return z.NEVER;
    }
    mapping[scope] = [...new Set(roles.split('+') as (typeof ROLES)[number][])];
  }
  return mapping;
});

const CLAIM_NAME = /^[A-Za-z0-9_.:/-]{1,100}$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * One rule of COPILOT_OIDC_ROLE_RULES: when the ID token's (or userinfo's) `claim` equals `value` or,
 * for a list claim such as `groups`, contains it, the person gets `roles` in `tenant` (tenant roles)
 * or in `partner` (partner roles, across the partner's granted tenants).
 */
export const oidcRoleRuleSchema = z.union([
  z.strictObject({
    claim: z.string().regex(CLAIM_NAME, 'must be a claim name'),
    value: z.string().min(1).max(200),
    tenant: z.string().regex(SLUG, 'must be a tenant slug'),
    roles: z.array(z.enum(ROLES)).min(1),
  }),
  z.strictObject({
    claim: z.string().regex(CLAIM_NAME, 'must be a claim name'),
    value: z.string().min(1).max(200),
    partner: z.string().regex(SLUG, 'must be a partner slug'),
    roles: z.array(z.enum(PARTNER_ROLES)).min(1),
  }),
]);
export type OidcRoleRule = z.infer<typeof oidcRoleRuleSchema>;

/** COPILOT_OIDC_ROLE_RULES: a JSON array of rules, evaluated in order (docs/partners.md, "Single sign-on"). */
export const oidcRoleRulesSchema = z.string().transform((value, context) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    context.addIssue({ code: 'custom', message: 'must be a JSON array of {claim, value, tenant|partner, roles} rules' });
    return z.NEVER;
  }
  const rules = z.array(oidcRoleRuleSchema).min(1).max(500).safeParse(parsed);
  if (!rules.success) {
    const issue = rules.error.issues[0]!;
    const where = issue.path.length
      ? `rules[${String(issue.path[0])}]${issue.path
          .slice(1)
          .map((part) => `.${String(part)}`)
          .join('')}: `
      : '';
    context.addIssue({ code: 'custom', message: `${where}${issue.message}` });
    return z.NEVER;
  }
  return rules.data;
});

const algorithmList = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()))
  .pipe(z.array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'])).min(1));

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
  // The demo database built at install time (`prepare`), copied on a first start instead of seeding when current (cli/demo-snapshot.ts).
  COPILOT_DEMO_SNAPSHOT: booleanFlag.default(true),
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
  // Notifications: the product's address in links (default http://HOST:PORT), and SMTP for email routes.
  COPILOT_PUBLIC_URL: optionalString.pipe(z.url().optional()),
  COPILOT_SMTP_URL: optionalString.pipe(z.url().optional()),
  COPILOT_SMTP_FROM: z.string().min(3).max(200).default('Ops Copilot <ops-copilot@localhost>'),
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
  // OAuth 2.1 access tokens at /mcp (docs/mcp.md, "OAuth"): on when COPILOT_OAUTH_ISSUER is set.
  COPILOT_OAUTH_ISSUER: optionalString.pipe(oauthUrl.optional()),
  // The canonical URL of this server's /mcp endpoint: the audience tokens must name (RFC 8707 resource).
  COPILOT_OAUTH_RESOURCE: optionalString.pipe(oauthUrl.optional()),
  // Where the issuer's signing keys are; default: jwks_uri from the issuer's metadata (RFC 8414, then OpenID discovery).
  COPILOT_OAUTH_JWKS_URL: optionalString.pipe(oauthUrl.optional()),
  COPILOT_OAUTH_SCOPE_ROLES: optionalString.pipe(scopeRolesSchema.optional()),
  // The claim naming the tenant (slug or id) a token acts in.
  COPILOT_OAUTH_TENANT_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_.:/-]{1,100}$/, 'must be a claim name')
    .default('copilot_tenant'),
  COPILOT_OAUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  COPILOT_OAUTH_ALGORITHMS: algorithmList.default(['RS256', 'PS256', 'ES256', 'EdDSA']),
  // Single sign-on for the UI through OpenID Connect (docs/partners.md, "Single sign-on"): on when COPILOT_OIDC_ISSUER is set.
  COPILOT_OIDC_ISSUER: optionalString.pipe(oauthUrl.optional()),
  COPILOT_OIDC_CLIENT_ID: optionalString.pipe(z.string().max(255).optional()),
  // Unset: a public client (PKCE only, token_endpoint_auth_method none).
  COPILOT_OIDC_CLIENT_SECRET: optionalString.pipe(z.string().max(1000).optional()),
  COPILOT_OIDC_ROLE_RULES: optionalString.pipe(oidcRoleRulesSchema.optional()),
  COPILOT_OIDC_SCOPES: z
    .string()
    .regex(/^openid( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'must be space-separated scopes starting with openid')
    .default('openid profile email'),
  // Shown on the sign-in page's button.
  COPILOT_OIDC_LABEL: z.string().trim().min(1).max(60).default('Sign in with single sign-on'),
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
  if (result.success) {
    const missing = [...missingOAuthSettings(result.data), ...missingOidcSettings(result.data)];
    if (!missing.length) return result.data;
    throw new ConfigurationError(
      `invalid configuration: ${missing.map(({ variable, with: needed }) => `${variable}: required with ${needed}`).join('; ')}`,
      {
        variables: missing.map(({ variable }) => variable),
      },
    );
  }
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    return `${variable}: ${issue.message}`;
  });
  throw new ConfigurationError(`invalid configuration: ${problems.join('; ')}`, {
    variables: result.error.issues.map((issue) => String(issue.path[0])),
  });
}

/** OAuth at /mcp needs its audience and its scope mapping; without them every token would be refused. */
function missingOAuthSettings(config: Config): { variable: string; with: string }[] {
  if (!config.COPILOT_OAUTH_ISSUER) return [];
  return (['COPILOT_OAUTH_RESOURCE', 'COPILOT_OAUTH_SCOPE_ROLES'] as const)
    .filter((variable) => config[variable] === undefined)
    .map((variable) => ({ variable, with: 'COPILOT_OAUTH_ISSUER' }));
}

/** Single sign-on needs the client registered at the provider and the claim → role rules (else nobody could sign in). */
function missingOidcSettings(config: Config): { variable: string; with: string }[] {
  if (!config.COPILOT_OIDC_ISSUER) return [];
  return (['COPILOT_OIDC_CLIENT_ID', 'COPILOT_OIDC_ROLE_RULES'] as const)
    .filter((variable) => config[variable] === undefined)
    .map((variable) => ({ variable, with: 'COPILOT_OIDC_ISSUER' }));
}
