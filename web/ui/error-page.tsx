/** Errors on page requests are shown as a page (with navigation), not as the API's JSON body. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../context.ts';
import { Layout } from './layout.tsx';
import { renderPage } from './render.ts';

const NOT_PAGES = /^\/(v1\/|mcp$|openapi\.json$|healthz$|metrics$|assets\/)/;

/** Browser navigation to a UI path (not the API, MCP or assets). */
export function isPageRequest(c: Context): boolean {
  return c.req.method === 'GET' && !NOT_PAGES.test(c.req.path) && (c.req.header('Accept') ?? '').includes('text/html');
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign in required',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  429: 'Too many requests',
};

export function renderErrorPage(c: Context<AppEnv>, status: ContentfulStatusCode, message: string): Promise<Response> {
  const title = TITLES[status] ?? 'Something went wrong';
  return renderPage(
    c,
    <Layout title={title} path={c.req.path} principal={c.get('principal')}>
      <h1>{title}</h1>
      <p class="notice error" role="alert">
        {message}
      </p>
      <p>
        <a href="/">Back to the dashboard</a>
      </p>
    </Layout>,
    status,
  );
}
