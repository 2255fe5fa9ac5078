import { Hono } from 'hono';
import type { Config } from '../core/config.ts';
import type { Database } from '../core/db/database.ts';
import { errorResponse } from './errors.ts';

export interface AppDependencies {
  db: Database;
  config: Config;
}

/** The HTTP application: health, JSON API under /v1, MCP, UI. Built per process; stateless. */
export function createApp(deps: AppDependencies): Hono {
  const app = new Hono();

  app.onError((error, c) => {
    if (!(error instanceof Error && 'code' in error)) console.error('unhandled error', error);
    return errorResponse(c, error);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));

  app.get('/healthz', async (c) => {
    try {
      await deps.db.query('SELECT 1');
      return c.json({ status: 'ok', database: deps.db.kind });
    } catch {
      return c.json({ status: 'unavailable', database: deps.db.kind }, 503);
    }
  });

  return app;
}
