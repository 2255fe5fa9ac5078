/** Mounts the server-rendered UI: assets, sign-in/out and the pages. */
import type { Hono } from 'hono';
import { listApiKeys } from '../../core/identity/api-keys.ts';
import type { ApiDependencies } from '../api/dependencies.ts';
import { getPrincipal, type AppEnv } from '../context.ts';
import type { EvalReportSource } from '../eval-report-source.ts';
import { registerAssets } from './assets.ts';
import { requirePage } from './page-guard.tsx';
import { ApiKeysPage } from './pages/api-keys-page.tsx';
import { ChatPage } from './pages/chat-page.tsx';
import { DashboardPage } from './pages/dashboard-page.tsx';
import { EvalReportPage, EvalReportsPage } from './pages/evals-page.tsx';
import { PendingPage } from './pages/pending-page.tsx';
import { renderPage } from './render.ts';
import { registerSessionRoutes } from './session-routes.tsx';

export interface UiDependencies extends ApiDependencies {
  evalReports?: EvalReportSource;
}

export function registerUi(app: Hono<AppEnv>, deps: UiDependencies): void {
  const { db } = deps;
  registerAssets(app);
  registerSessionRoutes(app, db);

  app.get('/', requirePage(), (c) => renderPage(c, <DashboardPage principal={getPrincipal(c)} />));

  app.get('/chat', requirePage('rep', 'approver', 'admin'), (c) =>
    renderPage(c, <ChatPage principal={getPrincipal(c)} initialMessage={c.req.query('q')?.slice(0, 4000)} />),
  );

  app.get('/exceptions', requirePage('rep', 'approver', 'admin'), (c) =>
    renderPage(c, <PendingPage principal={getPrincipal(c)} title="Exceptions" path="/exceptions" what="The exception queue" module="core exceptions" />),
  );
  app.get('/approvals', requirePage('rep', 'approver', 'admin'), (c) =>
    renderPage(c, <PendingPage principal={getPrincipal(c)} title="Approvals" path="/approvals" what="Proposed actions awaiting approval" module="policies proposals" />),
  );
  app.get('/runs', requirePage(), (c) =>
    renderPage(c, <PendingPage principal={getPrincipal(c)} title="Runs" path="/runs" what="Agent runs and their transcripts" module="agent runs" />),
  );
  app.get('/runbooks', requirePage(), (c) =>
    renderPage(c, <PendingPage principal={getPrincipal(c)} title="Runbooks" path="/runbooks" what="Runbooks and SOPs" module="retrieval" />),
  );

  app.get('/evals', requirePage('evaluator', 'admin'), async (c) =>
    renderPage(c, <EvalReportsPage principal={getPrincipal(c)} reports={deps.evalReports ? await deps.evalReports.listReports() : undefined} />),
  );
  app.get('/evals/:id', requirePage('evaluator', 'admin'), async (c) => {
    const report = await deps.evalReports?.readReport(c.req.param('id'));
    if (!report) return c.notFound();
    return renderPage(c, <EvalReportPage principal={getPrincipal(c)} report={report} />);
  });

  app.get('/settings/api-keys', requirePage('admin'), async (c) => {
    const principal = getPrincipal(c);
    return renderPage(c, <ApiKeysPage principal={principal} keys={await listApiKeys(db, principal.tenantId)} />);
  });
}
