/** Mounts the server-rendered UI: assets, sign-in/out and the pages. */
import type { Hono } from 'hono';
import type { ApiDependencies } from '../api/dependencies.ts';
import { getPrincipal, type AppEnv } from '../context.ts';
import { registerAssets } from './assets.ts';
import { requirePage } from './page-guard.tsx';
import { DashboardPage } from './pages/dashboard-page.tsx';
import { renderPage } from './render.ts';
import { registerSessionRoutes } from './session-routes.tsx';

export function registerUi(app: Hono<AppEnv>, deps: ApiDependencies): void {
  registerAssets(app);
  registerSessionRoutes(app, deps.db);

  app.get('/', requirePage(), (c) => renderPage(c, <DashboardPage principal={getPrincipal(c)} />));
}
