/**
 * Mounts the server-rendered UI: assets, sign-in/out and the pages. Pages read through the same
 * module functions as the JSON API (never their tables), inside the signed-in user's tenant.
 */
import type { Hono } from 'hono';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { AppError, NotFoundError } from '../../core/errors.ts';
import { getException, listExceptions } from '../../core/exceptions/index.ts';
import { listApiKeys } from '../../core/identity/api-keys.ts';
import { hasAnyRole, type Principal } from '../../core/identity/roles.ts';
import { getInventory } from '../../core/inventory/index.ts';
import { getOrder, orderTimeline } from '../../core/orders/index.ts';
import { getRun, listRuns } from '../../agent/transcripts/runs.ts';
import type { RunTranscript } from '../../agent/transcripts/transcript-schema.ts';
import { readSkuOutlook } from '../../forecasting/index.ts';
import { changeExceptionAssignment, getProposal, listProposals, readProposalAssignments } from '../../policies/index.ts';
import { createEmbedder, getDocument, listDocuments, searchKnowledge } from '../../retrieval/index.ts';
import type { ApiDependencies } from '../api/dependencies.ts';
import { assignedFilters, exceptionQuerySchema, toExceptionFilters } from '../api/exception-routes.ts';
import { getPrincipal, type AppEnv } from '../context.ts';
import { loadKpiReport, loadKpiTrend } from '../dashboard/dashboard-data.ts';
import type { EvalReportSource } from '../eval-report-source.ts';
import { registerAssets } from './assets.ts';
import { requirePage } from './page-guard.tsx';
import { ApiKeysPage } from './pages/api-keys-page.tsx';
import { ApprovalPage } from './pages/approval-page.tsx';
import { ApprovalsPage, inboxQuery, INBOX_FILTERS, type InboxFilter } from './pages/approvals-page.tsx';
import { ChatPage } from './pages/chat-page.tsx';
import { ASSIGNMENT_DONE, assignmentFromForm } from './assignment-form.ts';
import { assertCrossSiteSafe } from '../auth/require-auth.ts';
import { statusForError } from '../errors.ts';
import { getThreadView } from '../../agent/chat/thread-view.ts';
import { listThreads } from '../../agent/transcripts/threads.ts';
import { DASHBOARD_WINDOWS, DashboardPage } from './pages/dashboard-page.tsx';
import { EvalReportPage, EvalReportsPage } from './pages/evals-page.tsx';
import { ExceptionPage } from './pages/exception-page.tsx';
import { ExceptionsPage } from './pages/exceptions-page.tsx';
import { InventoryPage } from './pages/inventory-page.tsx';
import { OrderPage } from './pages/order-page.tsx';
import { RunbookPage, RunbooksPage } from './pages/runbooks-page.tsx';
import { riskRows, RisksPage } from './pages/risks-page.tsx';
import { RunPage, RunsPage } from './pages/runs-page.tsx';
import { renderPage } from './render.ts';
import { registerSessionRoutes } from './session-routes.tsx';
import { registerSingleSignOnRoutes } from './single-sign-on-routes.tsx';
import { registerPartnerUi } from './partner-routes.tsx';
import type { OidcClient } from '../auth/oidc/oidc-client.ts';

export interface UiDependencies extends ApiDependencies {
  evalReports?: EvalReportSource;
  /** Single sign-on (COPILOT_OIDC_*), when configured. */
  oidc?: OidcClient | undefined;
}

const OPERATOR_ROLES = ['rep', 'approver', 'admin'] as const;
const READER_ROLES = ['rep', 'approver', 'admin', 'evaluator'] as const;

/** Same rule as GET /v1/runs/:id (web/routes/runs.ts): triage runs, your own chats, or every run for approvers, admins, evaluators. */
function mayReadRun(principal: Principal, run: RunTranscript): boolean {
  return run.kind === 'triage' || run.userId === principal.userId || hasAnyRole(principal, ['approver', 'admin', 'evaluator']);
}

export function registerUi(app: Hono<AppEnv>, deps: UiDependencies): void {
  const { db } = deps;
  const embedder = createEmbedder(deps.config);
  registerAssets(app);
  registerSessionRoutes(app, db, deps.oidc);
  if (deps.oidc) registerSingleSignOnRoutes(app, db, deps.oidc);
  registerPartnerUi(app, db);

  app.get('/', requirePage(...READER_ROLES), async (c) => {
    const principal = getPrincipal(c);
    const requested = Number(c.req.query('days'));
    const days = (DASHBOARD_WINDOWS as readonly number[]).includes(requested) ? requested : 30;
    const to = new Date();
    const report = await loadKpiReport(db, principal, { from: new Date(to.getTime() - days * 86_400_000), to });
    const trend = await loadKpiTrend(db, principal.tenantId, { to, periods: 8, days: 7 });
    return renderPage(c, <DashboardPage principal={principal} days={days} report={report} trend={trend} />);
  });

  app.get('/chat', requirePage(...OPERATOR_ROLES), async (c) => {
    const principal = getPrincipal(c);
    const threads = await listThreads(db, principal.tenantId, principal.userId, 20);
    return renderPage(c, <ChatPage principal={principal} threads={threads} initialMessage={c.req.query('q')?.slice(0, 4000)} />);
  });

  // One of the caller's threads: its turns, the system's notices and its proposals with their status.
  app.get('/chat/:threadId', requirePage(...OPERATOR_ROLES), async (c) => {
    const principal = getPrincipal(c);
    const view = await getThreadView(db, principal, c.req.param('threadId'));
    const threads = await listThreads(db, principal.tenantId, principal.userId, 20);
    return renderPage(c, <ChatPage principal={principal} threads={threads} view={view} />);
  });

  app.get('/exceptions', requirePage(...OPERATOR_ROLES), async (c) => {
    const principal = getPrincipal(c);
    // Empty selects mean "any"; no status at all means the live queue.
    const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ''));
    const parsed = exceptionQuerySchema.safeParse({ status: 'live', ...raw });
    const query = parsed.success ? parsed.data : exceptionQuerySchema.parse({ status: 'live' });
    if (c.req.query('status') === '') delete query.status;
    const now = new Date();
    const exceptions = await withTenant(db, principal.tenantId, async (tx) => {
      const filters = toExceptionFilters(query);
      if (query.assigned) Object.assign(filters, await assignedFilters(tx, principal, query.assigned));
      return listExceptions(tx, filters, now);
    });
    const error = parsed.success
      ? undefined
      : `Some filters were not understood and were ignored: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`;
    return renderPage(
      c,
      <ExceptionsPage principal={principal} query={query} exceptions={exceptions} now={now} error={error} />,
      parsed.success ? 200 : 400,
    );
  });

  app.get('/exceptions/:id', requirePage(...OPERATOR_ROLES), async (c) => {
    const principal = getPrincipal(c);
    const now = new Date();
    const id = c.req.param('id');
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('exception', id);
    const exception = await withTenant(db, principal.tenantId, (tx) => getException(tx, id, now));
    const proposals = await listProposals(db, principal, { exceptionId: exception.id, limit: 50 });
    const done = ASSIGNMENT_DONE[c.req.query('assignment') ?? ''];
    return renderPage(
      c,
      <ExceptionPage principal={principal} exception={exception} proposals={proposals} now={now} assignmentDone={done} />,
    );
  });

  // Take / hand over / release from the exception's page: a POST form, same-origin only, answered with a redirect.
  app.post('/exceptions/:id/assignment', requirePage(...OPERATOR_ROLES), async (c) => {
    const principal = getPrincipal(c);
    assertCrossSiteSafe(c);
    const id = c.req.param('id');
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('exception', id);
    const body = await c.req.parseBody();
    try {
      await changeExceptionAssignment(db, principal, id, assignmentFromForm(body));
      const change = body.action === 'take' ? 'taken' : body.action === 'release' ? 'released' : 'handed_over';
      return c.redirect(`/exceptions/${id}?assignment=${change}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'not_found') throw error;
      const now = new Date();
      const exception = await withTenant(db, principal.tenantId, (tx) => getException(tx, id, now));
      const proposals = await listProposals(db, principal, { exceptionId: exception.id, limit: 50 });
      return renderPage(
        c,
        <ExceptionPage principal={principal} exception={exception} proposals={proposals} now={now} assignmentError={error.message} />,
        statusForError(error),
      );
    }
  });

  app.get('/orders/:order', requirePage(...READER_ROLES), async (c) => {
    const principal = getPrincipal(c);
    const { order, timeline, exceptions } = await withTenant(db, principal.tenantId, async (tx) => {
      const detail = await getOrder(tx, c.req.param('order'));
      return {
        order: detail,
        timeline: (await orderTimeline(tx, detail.id)).entries,
        exceptions: await listExceptions(tx, { orderId: detail.id, sort: 'newest', limit: 50 }),
      };
    });
    return renderPage(c, <OrderPage principal={principal} order={order} timeline={timeline} exceptions={exceptions} />);
  });

  app.get('/inventory/:sku', requirePage(...READER_ROLES), async (c) => {
    const principal = getPrincipal(c);
    const view = await withTenant(db, principal.tenantId, (tx) => getInventory(tx, { sku: c.req.param('sku') }));
    const outlook = await readSkuOutlook(db, principal.tenantId, view.sku.code);
    return renderPage(c, <InventoryPage principal={principal} view={view} outlook={outlook} />);
  });

  app.get('/risks', requirePage(...OPERATOR_ROLES), async (c) => {
    const principal = getPrincipal(c);
    const now = new Date();
    const exceptions = await withTenant(db, principal.tenantId, (tx) =>
      listExceptions(tx, { type: ['stockout_risk', 'late_shipment_risk'], status: 'live', sort: 'sla', limit: 1000 }, now),
    );
    return renderPage(c, <RisksPage principal={principal} rows={riskRows(exceptions, now)} now={now} />);
  });

  app.get('/approvals', requirePage(...OPERATOR_ROLES), async (c) => {
    const principal = getPrincipal(c);
    const requested = c.req.query('status');
    const filter: InboxFilter = (INBOX_FILTERS as readonly string[]).includes(requested ?? '') ? (requested as InboxFilter) : 'pending';
    const proposals = await listProposals(db, principal, inboxQuery(filter));
    const assignments = await withTenant(db, principal.tenantId, (tx) =>
      readProposalAssignments(
        tx,
        proposals.map((proposal) => proposal.rootId),
      ),
    );
    return renderPage(
      c,
      <ApprovalsPage principal={principal} filter={filter} proposals={proposals} assignments={assignments} now={new Date()} />,
    );
  });

  app.get('/approvals/:id', requirePage(...OPERATOR_ROLES), async (c) => {
    const principal = getPrincipal(c);
    const id = c.req.param('id');
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('proposal', id);
    const proposal = await getProposal(db, principal, id);
    const assignment = (await withTenant(db, principal.tenantId, (tx) => readProposalAssignments(tx, [proposal.rootId]))).get(
      proposal.rootId,
    );
    return renderPage(c, <ApprovalPage principal={principal} proposal={proposal} assignment={assignment} />);
  });

  app.get('/runs', requirePage(...READER_ROLES), async (c) => {
    const principal = getPrincipal(c);
    const runs = await listRuns(db, { tenantId: principal.tenantId, newestFirst: true, limit: 200 });
    return renderPage(c, <RunsPage principal={principal} runs={runs.filter((run) => mayReadRun(principal, run)).slice(0, 50)} />);
  });

  app.get('/runs/:id', requirePage(...READER_ROLES), async (c) => {
    const principal = getPrincipal(c);
    const id = c.req.param('id');
    const run = await getRun(db, principal.tenantId, id);
    if (!mayReadRun(principal, run)) throw new NotFoundError('run', id);
    return renderPage(c, <RunPage principal={principal} run={run} />);
  });

  app.get('/runbooks', requirePage(...READER_ROLES), async (c) => {
    const principal = getPrincipal(c);
    const query = c.req.query('q')?.trim().slice(0, 2000);
    const documents = await listDocuments(db, principal.tenantId);
    const hits = query ? await searchKnowledge(db, { tenantId: principal.tenantId, query, k: 8 }, { embedder }) : undefined;
    return renderPage(c, <RunbooksPage principal={principal} documents={documents} query={query} hits={hits} />);
  });

  app.get('/runbooks/:documentId', requirePage(...READER_ROLES), async (c) => {
    const principal = getPrincipal(c);
    const version = Number(c.req.query('version'));
    const document = await getDocument(
      db,
      principal.tenantId,
      c.req.param('documentId'),
      Number.isInteger(version) && version > 0 ? version : undefined,
    );
    return renderPage(c, <RunbookPage principal={principal} document={document} />);
  });

  app.get('/evals', requirePage('evaluator', 'admin'), async (c) =>
    renderPage(
      c,
      <EvalReportsPage principal={getPrincipal(c)} reports={deps.evalReports ? await deps.evalReports.listReports() : undefined} />,
    ),
  );
  app.get('/evals/:id', requirePage('evaluator', 'admin'), async (c) => {
    const report = await deps.evalReports?.readReport(c.req.param('id'));
    if (!report) throw new NotFoundError('evaluation report', c.req.param('id'));
    return renderPage(c, <EvalReportPage principal={getPrincipal(c)} report={report} />);
  });

  app.get('/settings/api-keys', requirePage('admin'), async (c) => {
    const principal = getPrincipal(c);
    return renderPage(c, <ApiKeysPage principal={principal} keys={await listApiKeys(db, principal.tenantId)} />);
  });
}
