/** Sends a server-rendered page as a complete HTML document. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSX } from 'hono/jsx/jsx-runtime';

export async function renderPage(c: Context, page: JSX.Element, status: ContentfulStatusCode = 200): Promise<Response> {
  const html = await page;
  c.header('Cache-Control', 'no-store');
  return c.html(`<!DOCTYPE html>${String(html)}`, status);
}
