/**
 * CORS is off (no CORS headers at all, so browsers keep the same-origin policy) unless
 * COPILOT_CORS_ORIGINS lists the origins that may call the API. Credentials are never allowed
 * cross-origin: other origins authenticate with a bearer key, never with the session cookie.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { REQUEST_ID_HEADER } from './request-context.ts';

export function parseCorsOrigins(setting: string | undefined): string[] {
  return (setting ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

export function corsPolicy(setting: string | undefined): MiddlewareHandler | undefined {
  const origins = parseCorsOrigins(setting);
  if (origins.length === 0) return undefined;
  return cors({
    origin: origins.includes('*') ? '*' : origins,
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', REQUEST_ID_HEADER, 'Last-Event-ID', 'Mcp-Session-Id', 'Mcp-Protocol-Version'],
    exposeHeaders: [REQUEST_ID_HEADER, 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'WWW-Authenticate'],
    credentials: false,
    maxAge: 600,
  });
}
