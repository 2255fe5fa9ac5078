/**
 * The text rule (core/text/safe-text.ts) for every HTTP route that does not parse its input through
 * the API's route declarations (pages, sign-in, metrics): a NUL or unpaired surrogate in the path, a
 * query parameter or a form field is a 400 naming it, before any handler reads it. JSON API routes
 * check their own params, query and body with field names (web/api/openapi.ts); /v1/events and /mcp
 * answer in their own protocols (per-event results, JSON-RPC errors) and check their bodies there.
 */
import type { MiddlewareHandler } from 'hono';
import { ValidationError } from '../../core/errors.ts';
import { unsafeTextIssues } from '../../core/text/safe-text.ts';

function decodedSegments(path: string): string[] {
  return path.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      // Not valid percent-encoding: the router treats it as literal text, and so does the rule.
      return segment;
    }
  });
}

/** Repeated parameters as arrays, single ones as text, so an issue reads `query.q`, not `query.q.0`. */
function queryObject(queries: Record<string, string[]>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(queries).map(([name, values]) => [name, values.length === 1 ? values[0]! : values]));
}

export function refuseUnsafeText(): MiddlewareHandler {
  return async function unsafeTextGuard(c, next) {
    const issues = [
      ...unsafeTextIssues(decodedSegments(new URL(c.req.url).pathname).join('/'), ['path']),
      ...unsafeTextIssues(queryObject(c.req.queries()), ['query']),
    ];
    if ((c.req.header('Content-Type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      // parseBody caches the parsed form, so the handler reads the same fields again.
      issues.push(...unsafeTextIssues(await c.req.parseBody({ all: true }), ['form']));
    }
    if (issues.length > 0) {
      throw new ValidationError(`invalid request: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, issues);
    }
    await next();
  };
}
