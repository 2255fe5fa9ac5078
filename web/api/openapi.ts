/**
 * The JSON API's router: routes are declared with zod schemas (request validation and the OpenAPI
 * document at /openapi.json come from the same declaration). Invalid input becomes a 400
 * ValidationError that names each bad field.
 */
import { OpenAPIHono, z, type Hook } from '@hono/zod-openapi';
import { ValidationError, issuesFromZod } from '../../core/errors.ts';
import type { AppEnv } from '../context.ts';

export type ApiRouter = OpenAPIHono<AppEnv>;

const TARGET_NAMES: Record<string, string> = {
  json: 'request body',
  form: 'form body',
  query: 'query parameters',
  param: 'path parameters',
  header: 'headers',
  cookie: 'cookies',
};

export const validationHook: Hook<unknown, AppEnv, string, void> = (result) => {
  if (result.success) return;
  const issues = issuesFromZod(result.error);
  const what = TARGET_NAMES[result.target] ?? result.target;
  throw new ValidationError(`invalid ${what}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, issues);
};

export function createApiRouter(): ApiRouter {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (`copilot keys create --tenant T --role R` prints one once).',
  });
  return api;
}

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const ERROR_DESCRIPTIONS = {
  400: 'Invalid input; details.issues names each bad field',
  401: 'Missing or invalid API key (WWW-Authenticate: Bearer)',
  403: 'The key lacks a required role, or the action is not allowed',
  404: 'Not found in the caller’s tenant',
  409: 'Conflicts with the current state',
  413: 'Request body too large',
  429: 'Rate limited; see Retry-After',
} as const;

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** OpenAPI response entries for the error statuses a route can return (401 and 429 apply to all). */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  const all = [...new Set<ErrorStatus>([...statuses, 401, 429])];
  return Object.fromEntries(
    all.map((status) => [
      status,
      { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: errorSchema } } },
    ]),
  ) as Record<S | 401 | 429, { description: string; content: { 'application/json': { schema: typeof errorSchema } } }>;
}

export const bearerSecurity = [{ bearerAuth: [] }];

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** A path-parameter schema holding one UUID named `name` (malformed ids are a 400 naming the field). */
export function uuidParam<Name extends string>(name: Name) {
  const shape = { [name]: z.uuid().openapi({ param: { name, in: 'path' } }) } as Record<Name, z.ZodUUID>;
  return z.object(shape);
}
