/**
 * The JSON API's routes: each is declared once with zod schemas (params, query, body, responses) and
 * that declaration drives validation, the guard (roles), the response shape and /openapi.json.
 *
 * Why not `createRoute`/`app.openapi()` from @hono/zod-openapi directly: its generic types stop
 * accepting plain zod 4 schemas once LangGraph's `declare module "zod/v4"` augmentation is in the
 * program (the agent imports it), so routes register the document entry through the same library's
 * registry and validate with zod themselves.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { AppError, ValidationError, issuesFromZod } from '../../core/errors.ts';
import { currentPartnerScope } from '../../core/db/partner-scope.ts';
import { PARTNER_ROLES, type PartnerRole, type Principal, type Role } from '../../core/identity/roles.ts';
import { requireAuth, requirePartner, requirePartnerRoles, requireRoles } from '../auth/require-auth.ts';
import { safeInput } from '../../core/text/safe-text.ts';
import type { AppEnv } from '../context.ts';
import type { ReadCache } from './read-cache.ts';

export type ApiRouter = OpenAPIHono<AppEnv>;

type Schema = z.ZodType;
type Output<S> = S extends Schema ? z.output<S> : undefined;

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'validation_failed' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

const ERROR_DESCRIPTIONS = {
  400: 'Invalid input; details.issues names each bad field',
  401: 'Missing or invalid API key (WWW-Authenticate: Bearer)',
  403: 'The key lacks a required role, or the action is not allowed',
  404: 'Not found in the caller’s tenant',
  409: 'Conflicts with the current state',
  413: 'Request body too large',
  429: 'Rate limited; see Retry-After',
} as const;
export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

type SuccessStatus = 200 | 201 | 202;

export interface RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined, R extends Schema> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI-style path: `/v1/orders/{orderId}`. */
  path: `/${string}`;
  summary: string;
  description?: string;
  tags: string[];
  /**
   * Any of these roles, any authenticated caller, a partner organisation's person (key or session), a
   * partner person holding one of `partner`'s roles, or anyone.
   */
  access: readonly Role[] | 'authenticated' | 'partner' | { partner: readonly PartnerRole[] } | 'public';
  params?: P;
  query?: Q;
  body?: B;
  status?: SuccessStatus;
  response: R;
  responseDescription: string;
  /** Error statuses besides 401/403/429, which every guarded route can return. */
  errors?: ErrorStatus[];
  /**
   * Serve the answer from the router's read cache (read-cache.ts) while nothing it read has been
   * written. Only for a read whose answer depends on nothing but the database as the caller's tenant
   * transaction sees it, the input and the caller. `dependsOn` names the write notes of everything the
   * read's statements read (core/migrations/0021_write_notes.sql: `order:<id>`, `sku:<id>`,
   * `customer:<id>`, `table:<name>`); the partner grants that row-level security reads are added here.
   * `validUntil` says until when (ms since epoch) the clock leaves an answer computed at `now` true;
   * without it, until a write it depends on.
   */
  readCache?: {
    dependsOn: (body: z.output<R>, input: RouteInput<P, Q, B>) => readonly string[];
    validUntil?: (body: z.output<R>, input: RouteInput<P, Q, B>, now: number) => number;
  };
}

export interface RouteInput<P, Q, B> {
  params: Output<P>;
  query: Output<Q>;
  body: Output<B>;
}

/** A handler returns the response body (validated against, and shaped by, the declared schema) or a Response. */
export type RouteHandler<P, Q, B, R extends Schema> = (
  c: Context<AppEnv>,
  input: RouteInput<P, Q, B>,
) => Promise<z.input<R> | Response> | z.input<R> | Response;

const TARGET_NAMES = { params: 'path parameters', query: 'query parameters', body: 'request body' } as const;

/**
 * The text rule first (no NUL, no unpaired surrogate, bounded depth), with the field's name, then the
 * route's schema. Built once per route: built per request, it was 9 % of the main thread's busy
 * time serving cached reads to 50 clients (docs/benchmarks.md, session 10).
 */
function inputParser<S extends Schema>(schema: S, target: keyof typeof TARGET_NAMES): (value: unknown) => z.output<S> {
  const checked = safeInput(schema);
  return (value) => parseInput(checked, value, target);
}

function parseInput<S extends Schema>(
  checked: ReturnType<typeof safeInput<S>>,
  value: unknown,
  target: keyof typeof TARGET_NAMES,
): z.output<S> {
  const result = checked.safeParse(value);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error);
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new ValidationError(`invalid ${TARGET_NAMES[target]}: ${summary}`, issues);
}

async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('request body is not valid JSON', [{ path: '(root)', message: 'not valid JSON' }]);
  }
}

/** Query strings as an object; repeated keys become arrays (`?status=open&status=acknowledged`). */
function readQuery(c: Context): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(c.req.queries())) query[name] = values.length === 1 ? values[0]! : values;
  return query;
}

function guardFor(access: RouteSpec<undefined, undefined, undefined, Schema>['access']) {
  if (access === 'public') return undefined;
  if (access === 'authenticated') return requireAuth;
  if (access === 'partner') return requirePartner;
  if ('partner' in access) return requirePartnerRoles(...access.partner);
  return requireRoles(...access);
}

const jsonContent = (schema: Schema, description: string) => ({
  description,
  // The registry's types reject plain zod 4 schemas in this program (see the header); the runtime accepts them.
  content: { 'application/json': { schema: schema as never } },
});

export function addRoute<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined, R extends Schema>(
  api: ApiRouter,
  spec: RouteSpec<P, Q, B, R>,
  handler: RouteHandler<P, Q, B, R>,
): void {
  const status = spec.status ?? 200;
  const errors = new Set<ErrorStatus>([...(spec.errors ?? []), 429]);
  if (spec.access !== 'public') errors.add(401);
  if (Array.isArray(spec.access) || typeof spec.access === 'object') errors.add(403);
  if (spec.params || spec.query || spec.body) errors.add(400);
  if (spec.body) errors.add(413);

  api.openAPIRegistry.registerPath({
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: spec.tags,
    ...(spec.access === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
    ...(Array.isArray(spec.access) ? { 'x-roles': spec.access } : {}),
    ...(spec.access === 'partner' ? { 'x-roles': [...PARTNER_ROLES] } : {}),
    ...(typeof spec.access === 'object' && 'partner' in spec.access ? { 'x-roles': [...spec.access.partner] } : {}),
    request: {
      ...(spec.params ? { params: spec.params as never } : {}),
      ...(spec.query ? { query: spec.query as never } : {}),
      ...(spec.body ? { body: { required: true, ...jsonContent(spec.body, 'JSON body') } } : {}),
    },
    responses: {
      [status]: jsonContent(spec.response, spec.responseDescription),
      ...Object.fromEntries([...errors].sort().map((code) => [code, jsonContent(errorSchema, ERROR_DESCRIPTIONS[code])])),
    },
  });

  const honoPath = spec.path.replaceAll(/\{([^}]+)\}/g, ':$1');
  const guard = guardFor(spec.access);
  // Undeclared parameters are ignored, but still under the text rule: one rule at every edge.
  const parseParams = inputParser(spec.params ?? z.unknown(), 'params');
  const parseQuery = inputParser(spec.query ?? z.unknown(), 'query');
  const parseBody = spec.body ? inputParser(spec.body, 'body') : undefined;
  const run = async (c: Context<AppEnv>): Promise<Response> => {
    const input = {
      params: parseParams(c.req.param()),
      query: parseQuery(readQuery(c)),
      body: parseBody ? parseBody(await readJsonBody(c)) : undefined,
    } as RouteInput<P, Q, B>;
    const cache = spec.readCache ? readCaches.get(api) : undefined;
    const principal = c.get('principal');
    if (cache && principal) {
      const json = await cache.read(principal.tenantId, readCacheKey(spec, input, principal), async () => {
        const now = Date.now(); // before the read: an answer that flips in between is not stored
        const result = await handler(c, input);
        if (result instanceof Response) throw new AppError('internal', `a cached read route answered a Response: ${spec.path}`);
        const body = shape(c, result);
        const readCache = spec.readCache!;
        return {
          json: JSON.stringify(body),
          validUntil: readCache.validUntil?.(body, input, now) ?? Number.POSITIVE_INFINITY,
          dependencies: [...readCache.dependsOn(body, input), ...ROW_SECURITY_DEPENDENCIES],
        };
      });
      return c.body(json, status as ContentfulStatusCode, { 'Content-Type': 'application/json' });
    }
    const result = await handler(c, input);
    if (result instanceof Response) return result;
    return c.json(shape(c, result) as object, status as ContentfulStatusCode);
  };
  // The response schema is the serializer too: only declared fields leave the server.
  const shape = (c: Context<AppEnv>, result: unknown): z.output<R> => {
    const shaped = spec.response.safeParse(result);
    if (!shaped.success) {
      c.get('logger').error('response does not match its declared schema', { path: spec.path, issues: issuesFromZod(shaped.error) });
      throw new AppError('internal', 'internal error');
    }
    return shaped.data;
  };
  if (guard) api.on(spec.method.toUpperCase(), honoPath, guard, run);
  else api.on(spec.method.toUpperCase(), honoPath, run);
}

/** Row-level security reads a partner's grants (copilot_partner_tenant_id): every cached read depends on them. */
const ROW_SECURITY_DEPENDENCIES = ['table:partner_grants'] as const;

/** Everything a cached answer depends on besides the database: route, input, and who asks (roles, partner). */
function readCacheKey(spec: { method: string; path: string }, input: RouteInput<unknown, unknown, unknown>, principal: Principal): string {
  return JSON.stringify([
    spec.method,
    spec.path,
    input.params ?? null,
    input.query ?? null,
    principal.tenantId,
    principal.userId,
    principal.userName,
    [...principal.roles].sort(),
    principal.partner ?? null,
    currentPartnerScope() ?? null,
  ]);
}

const readCaches = new WeakMap<ApiRouter, ReadCache>();

/** The API router; with `readCache`, routes that declare `readCache` answer repeated reads from it. */
export function createApiRouter(options: { readCache?: ReadCache } = {}): ApiRouter {
  const api = new OpenAPIHono<AppEnv>();
  if (options.readCache) readCaches.set(api, options.readCache);
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (`copilot keys create --tenant T --role R` prints one once).',
  });
  return api;
}

/** A path-parameter schema holding one UUID named `name` (malformed ids are a 400 naming the field). */
export function uuidParam<Name extends string>(name: Name) {
  const shape = { [name]: z.uuid() } as Record<Name, z.ZodUUID>;
  return z.object(shape);
}

/** Dates leave the API as ISO 8601 strings. */
export const isoDate = (value: Date): string => value.toISOString();
export const isoDateOrNull = (value: Date | null | undefined): string | null => (value ? value.toISOString() : null);
