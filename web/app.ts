import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Config } from '../core/config.ts';
import type { Database } from '../core/db/database.ts';
import type { Principal } from '../core/identity/roles.ts';
import { AppError } from '../core/errors.ts';
import { registerApiKeyRoutes } from './api/api-key-routes.ts';
import { registerExceptionRoutes } from './api/exception-routes.ts';
import { registerIngestionRoutes } from './api/ingestion-routes.ts';
import { registerInventoryRoutes } from './api/inventory-routes.ts';
import { registerKpiRoutes } from './api/kpi-routes.ts';
import { registerOrderRoutes } from './api/order-routes.ts';
import { registerPolicyRoutes } from './api/policy-routes.ts';
import { registerProposalRoutes } from './api/proposal-routes.ts';
import { registerRunbookRoutes } from './api/runbook-routes.ts';
import type { ApiDependencies } from './api/dependencies.ts';
import { registerMeRoutes } from './api/me-routes.ts';
import { createApiRouter } from './api/openapi.ts';
import { ReadCache } from './api/read-cache.ts';
import { registerTenantRoutes } from './api/tenant-routes.ts';
import { registerWebhookRoutes } from './api/webhook-routes.ts';
import { registerWorkRoutes } from './api/work-routes.ts';
import { registerPartnerRoutes } from './api/partner-routes.ts';
import { identify } from './auth/identify.ts';
import { identifyPartner } from './auth/identify-partner.ts';
import { identifyOAuthBearer } from './auth/oauth/identify-oauth-bearer.ts';
import { issuerKeys } from './auth/oauth/issuer-keys.ts';
import { oauthSettings } from './auth/oauth/oauth-settings.ts';
import { registerProtectedResourceMetadata } from './auth/oauth/protected-resource-metadata.ts';
import { createOidcClient, type OidcClientOptions } from './auth/oidc/oidc-client.ts';
import { oidcSettings } from './auth/oidc/oidc-settings.ts';
import type { AppEnv } from './context.ts';
import { errorBody, errorResponse } from './errors.ts';
import type { EvalReportSource } from './eval-report-source.ts';
import { evalReportSource } from '../eval/report/report-store.ts';
import { buildDefaultRegistry, type ToolRegistry } from '../tools/registry.ts';
import { createLogger, type Logger } from './logging/logger.ts';
import { allowedHostsOnly } from './middleware/allowed-hosts.ts';
import { bodySizeLimit } from './middleware/body-size-limit.ts';
import { corsPolicy } from './middleware/cors-policy.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { refuseUnsafeText } from './middleware/refuse-unsafe-text.ts';
import { requestContext } from './middleware/request-context.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { TokenBuckets } from './middleware/token-bucket.ts';
import { registerUi } from './ui/register-ui.tsx';
import { isPageRequest, renderErrorPage } from './ui/error-page.tsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { defaultMcpWiring, type McpWiring } from '../mcp/default-mcp-services.ts';
import { MCP_PATH, registerMcpRoutes } from './routes/mcp.ts';
import { createAgentServices } from '../agent/agent-services.ts';
import type { ChatDependencies } from '../agent/chat/chat.ts';
import { registerMetricsRoute } from './metrics.ts';
import { registerChatRoutes } from './routes/chat.ts';
import { registerRunRoutes } from './routes/runs.ts';
import type { EventBatchApplier } from '../core/events/event-batch-applier.ts';
import { createEventBatchApplier, registerEventRoutes } from './routes/events.ts';
import { vectorSearchAvailable } from '../retrieval/vector-support.ts';

export interface AppDependencies {
  db: Database;
  config: Config;
  /** Defaults to JSON lines on stderr at COPILOT_LOG_LEVEL. */
  logger?: Logger;
  /**
   * false: every read goes to the database (benchmarks of the uncached path); a ReadCache: that one (a
   * benchmark reads its hit counts); default on where the database counts writes.
   */
  readCache?: boolean | ReadCache;
  /** Clock for rate limiting (tests move it). */
  now?: () => number;
  /** Evaluation reports for the /evals pages; default: the eval module's reports under eval/reports. */
  evalReports?: EvalReportSource;
  /** MCP tool registry and services (tests); defaults to the product's registry and modules. */
  mcp?: McpWiring;
  /** Tools that approved proposals execute; the product's full registry by default. */
  registry?: ToolRegistry;
  /** Chat wiring (model, toolbox); defaults to the configured model over the default registry. */
  chat?: ChatDependencies;
  /** `serve --mcp-test-tenant`: /mcp serves credential-less loopback requests as this principal. */
  mcpTestPrincipal?: Principal;
  /** Applies queued event batches (serve passes the one it kicks at start); default: one for this app. */
  eventBatches?: EventBatchApplier;
  /**
   * Whether runbook search uses vectors (false on PostgreSQL without pgvector: text only), as /healthz
   * reports it; serve passes what it found at start. Default: looked up on the first health check.
   */
  vectorSearch?: boolean;
  /** Single sign-on client options (tests move its clock). */
  oidcClient?: OidcClientOptions;
}

// Paths that must answer without touching the database or spending rate-limit tokens.
const UNMETERED = /^\/(healthz$|assets\/)/;

/** The HTTP application: health, JSON API under /v1, MCP, UI. Built per process; stateless. */
export function createApp(deps: AppDependencies): Hono<AppEnv> {
  const { db, config } = deps;
  const logger = deps.logger ?? createLogger({ level: config.COPILOT_LOG_LEVEL });
  const app = new Hono<AppEnv>();

  app.onError((error, c) => {
    const requestLogger = c.get('logger') ?? logger;
    // Domain and HTTP errors are expected outcomes (the access log has their status); others are bugs.
    if (!(error instanceof AppError) && !(error instanceof HTTPException)) requestLogger.error('unhandled error', { error });
    const response = errorResponse(c, error);
    if (!isPageRequest(c)) return response;
    // Same status and message as the API would give, shown as a page.
    const message = error instanceof AppError ? error.message : response.status >= 500 ? 'internal error' : (error as Error).message;
    return renderErrorPage(c, response.status as ContentfulStatusCode, message);
  });
  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));

  app.use('*', requestContext(logger));
  app.use('*', securityHeaders());
  const cors = corsPolicy(config.COPILOT_CORS_ORIGINS);
  if (cors) app.use('*', cors);
  app.use('*', bodySizeLimit(config.COPILOT_BODY_LIMIT_BYTES));
  const oauth = oauthSettings(config);
  const authenticateOAuth: MiddlewareHandler<AppEnv> = oauth
    ? identifyOAuthBearer({ db, settings: oauth, keys: issuerKeys(oauth), paths: [MCP_PATH] })
    : async (_c, next) => next();
  const authenticatePartner = identifyPartner(db);
  const authenticateTenant = identify(db, { oidcIssuer: config.COPILOT_OIDC_ISSUER });
  const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
    await authenticateOAuth(c, async () => {
      await authenticatePartner(c, async () => {
        await authenticateTenant(c, next);
      });
    });
  };
  const limit = rateLimit(new TokenBuckets(config.COPILOT_RATE_LIMIT_PER_MINUTE, deps.now));
  app.use('*', async (c, next) => (UNMETERED.test(c.req.path) ? next() : authenticate(c, next)));
  app.use('*', async (c, next) => (UNMETERED.test(c.req.path) ? next() : limit(c, next)));

  // Endpoints that answer without a key follow /mcp's Host rule when COPILOT_ALLOWED_HOSTS is set.
  const hostRule = allowedHostsOnly({ allowedHosts: config.COPILOT_ALLOWED_HOSTS, corsOrigins: config.COPILOT_CORS_ORIGINS });
  app.use('/metrics', hostRule);
  app.use('/openapi.json', hostRule);

  let vectorSearch: Promise<boolean> | undefined = deps.vectorSearch === undefined ? undefined : Promise.resolve(deps.vectorSearch);
  app.get('/healthz', async (c) => {
    try {
      await db.ping();
      vectorSearch ??= vectorSearchAvailable(db).catch((error: unknown) => {
        vectorSearch = undefined;
        throw error;
      });
      const search = (await vectorSearch) ? 'hybrid' : 'text-only';
      return c.json({ status: 'ok', database: db.kind, search });
    } catch {
      return c.json({ status: 'unavailable', database: db.kind }, 503);
    }
  });

  const apiDeps: ApiDependencies = { db, config, registry: deps.registry ?? buildDefaultRegistry() };
  // Repeated reads answered from memory while nothing was written (only where the process sees every write).
  const readCache =
    deps.readCache instanceof ReadCache
      ? deps.readCache
      : db.writeGenerations && deps.readCache !== false
        ? new ReadCache(db.writeGenerations)
        : undefined;
  const api = createApiRouter(readCache ? { readCache } : {});
  registerMeRoutes(api);
  registerTenantRoutes(api, apiDeps);
  registerApiKeyRoutes(api, apiDeps);
  registerOrderRoutes(api, apiDeps);
  registerInventoryRoutes(api, apiDeps);
  registerExceptionRoutes(api, apiDeps);
  registerProposalRoutes(api, apiDeps);
  registerKpiRoutes(api, apiDeps);
  registerRunbookRoutes(api, apiDeps);
  registerPolicyRoutes(api, apiDeps);
  registerIngestionRoutes(api, apiDeps);
  registerWebhookRoutes(api, apiDeps);
  registerWorkRoutes(api, apiDeps);
  registerPartnerRoutes(api, apiDeps);
  registerChatRoutes(api, deps.chat ?? createAgentServices(db, config, { registry: apiDeps.registry }).chat);
  registerRunRoutes(api, { db });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Ops Copilot API',
      version: '1',
      description: 'Errors are JSON { error: { code, message, details? } }. Authenticate with Authorization: Bearer <API key>.',
    },
  });
  app.route('/', api);
  // Runs only for requests the API router did not answer (it checks its own input, naming fields).
  app.use('*', refuseUnsafeText());

  if (oauth) registerProtectedResourceMetadata(app, oauth);
  registerMcpRoutes(app, {
    config,
    ...(deps.mcp ?? defaultMcpWiring(db)),
    ...(oauth ? { oauth } : {}),
    ...(deps.mcpTestPrincipal ? { testPrincipal: deps.mcpTestPrincipal } : {}),
  });

  registerEventRoutes(app, { db, config, batches: deps.eventBatches ?? createEventBatchApplier(db, logger) });
  registerMetricsRoute(app, { db, token: config.COPILOT_METRICS_TOKEN });

  const oidc = oidcSettings(config);
  registerUi(app, {
    ...apiDeps,
    evalReports: deps.evalReports ?? evalReportSource(),
    oidc: oidc ? createOidcClient(oidc, deps.oidcClient) : undefined,
  });

  return app;
}
