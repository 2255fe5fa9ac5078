import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../core/config.ts';
import { migrateAll, openDatabase } from '../../core/db/open.ts';
import { ingestBundledCorpus } from '../../ingestion/bundled-corpus.ts';
import { createApp } from '../../web/app.ts';
import { createLogger } from '../../web/logging/logger.ts';
import { createEventBatchApplier } from '../../web/routes/events.ts';
import { startServer } from '../../web/server.ts';
import { onShutdown } from '../runtime.ts';
import { parseOrThrow } from '../../core/errors.ts';
import { assertLoopbackForTestMode, mcpTestTenantSlugSchema, prepareMcpTestTenant } from '../mcp-test-tenant.ts';
import { createAgentServices } from '../../agent/agent-services.ts';
import { startTriageWorker } from '../../agent/triage/triage-worker.ts';
import { startTracing } from '../../agent/telemetry/start-tracing.ts';
import { startExceptionSweeper } from '../../core/exceptions/index.ts';
import { sweepUnconfirmedActions } from '../../core/actions/index.ts';
import { escalateDueWork } from '../../policies/index.ts';
import { hasNoTenants } from '../../core/seed/index.ts';
import { DEFAULT_RETRY_POLICY, notificationSettings, startDispatcher } from '../../integrations/index.ts';
import { printSeedSummary, runSeed } from './seed.ts';
import { createDemoSignInKey, demoSignInKeyPath, type DemoSignInKey } from '../demo-sign-in-key.ts';
import { vectorSearchAvailable } from '../../retrieval/vector-support.ts';
import { restoreDemoSnapshotOnStart } from '../demo-snapshot.ts';

/**
 * `copilot serve` (what `npm start` runs): open the database, migrate, prepare demo data and the
 * runbook index when empty, then serve HTTP and run the triage worker until a signal arrives.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP server (UI, API, MCP) and the triage worker')
    .option('--port <port>', 'port to listen on (default: PORT or 8787)')
    .option('--host <host>', 'interface to bind (default: HOST or 127.0.0.1)')
    .option(
      '--mcp-test-tenant <slug>',
      'test mode for MCP clients that cannot authenticate (the MCP conformance suite): /mcp serves requests without credentials ' +
        'as a service user of this throwaway tenant (slug mcp-test-…, created when missing); loopback interfaces only',
    )
    .action(async (options: { port?: string; host?: string; mcpTestTenant?: string }) => {
      const config = loadConfig({
        ...process.env,
        ...(options.port ? { PORT: options.port } : {}),
        ...(options.host ? { HOST: options.host } : {}),
      });
      if (options.mcpTestTenant !== undefined) {
        parseOrThrow(mcpTestTenantSlugSchema, options.mcpTestTenant, '--mcp-test-tenant');
        assertLoopbackForTestMode(config.HOST);
      }
      const tracing = await startTracing(config);
      if (tracing) onShutdown(() => tracing.shutdown());
      // A fresh embedded data directory starts from the install-time demo snapshot when it is current (seconds instead of minutes of seeding).
      const restored = config.DATABASE_URL ? undefined : restoreDemoSnapshotOnStart(config, (line) => process.stderr.write(`${line}\n`));
      const db = await openDatabase(config);
      onShutdown(() => db.close());
      const report = await migrateAll(db);
      if (report.applied.length) process.stderr.write(`applied ${report.applied.length} migrations\n`);
      const vectorSearch = await vectorSearchAvailable(db);
      if (!vectorSearch)
        process.stderr.write(
          'vector search is OFF: this PostgreSQL has no pgvector extension, so runbooks are indexed and searched by text only ' +
            '(install pgvector before the first start for hybrid search; /healthz reports "search": "text-only")\n',
        );
      let demoKey: DemoSignInKey | undefined;
      if (restored) {
        for (const line of restored.summary) process.stderr.write(`${line}\n`);
        demoKey = await createDemoSignInKey(db, resolve(config.COPILOT_DATA_DIR)).catch((error: unknown) => {
          process.stderr.write(`demo sign-in key not created: ${(error as Error).message}\n`);
          return undefined;
        });
      }
      // Demo data on an empty database only (COPILOT_SEED_ON_START=0 turns it off); never over existing tenants.
      if (config.COPILOT_SEED_ON_START && (await hasNoTenants(db))) {
        process.stderr.write('empty database: seeding demo tenants (turn off with COPILOT_SEED_ON_START=0)…\n');
        printSeedSummary(
          await runSeed(db, { orders: config.COPILOT_SEED_ORDERS }, { progress: true }),
          (line) => process.stderr.write(`${line}\n`),
          {
            serving: { embedded: db.kind === 'pglite' },
          },
        );
        demoKey = await createDemoSignInKey(db, resolve(config.COPILOT_DATA_DIR)).catch((error: unknown) => {
          process.stderr.write(`demo sign-in key not created: ${(error as Error).message}\n`);
          return undefined;
        });
      }
      // The bundled runbooks, incrementally (an unchanged corpus embeds and writes nothing). Keep this
      // after demo seeding: tenant-private runbooks name their tenant by slug.
      const knowledge = await ingestBundledCorpus(db, undefined, { config });
      process.stderr.write(
        `runbooks: ${knowledge.added.length} added, ${knowledge.updated.length} updated, ${knowledge.unchanged.length} unchanged, ${knowledge.pruned.length} retired\n`,
      );
      const waiting = new Set(knowledge.skipped.flatMap((skipped) => (skipped.missingTenant ? [skipped.missingTenant] : [])));
      if (waiting.size)
        process.stderr.write(`runbooks: private runbooks wait for tenants ${[...waiting].join(', ')} (added once they exist)\n`);
      for (const skipped of knowledge.skipped.filter((entry) => !entry.missingTenant))
        process.stderr.write(`runbooks: skipped ${skipped.path}: ${skipped.reason}\n`);

      // Event batches are applied in the background, fairly between tenants; batches a stopped process
      // left pending resume now, and leases another process gave up are picked up every minute.
      const eventBatches = createEventBatchApplier(db, createLogger({ level: config.COPILOT_LOG_LEVEL }));
      eventBatches.kick();
      const batchTimer = setInterval(() => eventBatches.kick(), 60_000);
      batchTimer.unref();
      onShutdown(async () => {
        clearInterval(batchTimer);
        await eventBatches.stop();
      });
      const mcpTestPrincipal = options.mcpTestTenant ? await prepareMcpTestTenant(db, options.mcpTestTenant) : undefined;
      const app = createApp({ db, config, eventBatches, vectorSearch, ...(mcpTestPrincipal ? { mcpTestPrincipal } : {}) });
      const server = await startServer(app, config.PORT, config.HOST);
      onShutdown(() => server.close());
      if (mcpTestPrincipal)
        process.stderr.write(
          `MCP TEST MODE: ${server.url}/mcp answers requests without credentials as ${mcpTestPrincipal.userName} of tenant ${mcpTestPrincipal.tenantSlug} (loopback only)\n`,
        );
      process.stderr.write(`Ops Copilot listening on ${server.url} (database: ${db.kind})\n`);
      const keyFile = demoKey?.path ?? demoSignInKeyPath(resolve(config.COPILOT_DATA_DIR));
      if (demoKey) {
        process.stderr.write(
          `sign in at ${server.url} with the demo key in ${relative(process.cwd(), keyFile) || keyFile} (${demoKey.roles.join(', ')} of ${demoKey.tenant}; ` +
            `readable only by you; revoke it with \`copilot keys revoke ${demoKey.prefix}\` when the demo is over)\n`,
        );
      } else if (existsSync(keyFile)) {
        process.stderr.write(`demo sign-in key: ${relative(process.cwd(), keyFile) || keyFile}\n`);
      }
      // Time-based exceptions (late parcels, aging backorders, overdue inspections) need no event to appear.
      const stopSweeper = startExceptionSweeper(db, 60_000, {
        onError: (error) => process.stderr.write(`exception sweep: ${(error as Error).message}\n`),
      });
      onShutdown(stopSweeper);
      // Executed actions past their tenant's confirmation window are marked unconfirmed and reopen their exception.
      const confirmationSweep = setInterval(() => {
        sweepUnconfirmedActions(db).catch((error: unknown) => process.stderr.write(`confirmation sweep: ${(error as Error).message}\n`));
      }, 60_000);
      confirmationSweep.unref();
      onShutdown(async () => clearInterval(confirmationSweep));
      // The SLA escalation ladders of the tenant policies: exceptions as their clocks run down, proposals before they expire.
      const escalationSweep = setInterval(() => {
        escalateDueWork(db).catch((error: unknown) => process.stderr.write(`escalation sweep: ${(error as Error).message}\n`));
      }, 60_000);
      escalationSweep.unref();
      onShutdown(async () => clearInterval(escalationSweep));
      // Predicted exceptions (stockout and late-shipment risk): nightly, and once shortly after start.
      const { startForecastScheduler } = await import('../../forecasting/index.ts');
      const stopForecasts = startForecastScheduler(db, {
        onReport: (slug, run) =>
          process.stderr.write(
            `forecast ${slug}: ${run.forecasted}/${run.series} series, stockout_risk ${run.stockoutRisk.atRisk}, late_shipment_risk ${run.lateShipmentRisk.atRisk} (${run.durationMs} ms)\n`,
          ),
        onError: (error) => process.stderr.write(`forecast run: ${(error as Error).message}\n`),
      });
      onShutdown(stopForecasts);

      if (config.COPILOT_DISPATCHER) {
        // Delivers what is pending at start too: messages written while no dispatcher ran go out now.
        const dispatcher = startDispatcher(db, {
          timeoutMs: config.COPILOT_WEBHOOK_TIMEOUT_MS,
          retry: { ...DEFAULT_RETRY_POLICY, horizonMs: config.COPILOT_WEBHOOK_RETRY_HOURS * 3_600_000 },
          notifications: notificationSettings(config, server.url),
          onError: (error) => process.stderr.write(`outbox dispatcher: ${(error as Error).message}\n`),
        });
        onShutdown(() => dispatcher.stop());
        process.stderr.write('outbox dispatcher running (webhooks)\n');
      }

      if (config.COPILOT_WORKER) {
        const agent = createAgentServices(db, config);
        const worker = startTriageWorker(
          { db, model: agent.model, toolboxFor: agent.chat.toolboxFor },
          {
            concurrency: config.COPILOT_WORKER_CONCURRENCY,
            onError: (error) => process.stderr.write(`triage worker: ${(error as Error).message}\n`),
          },
        );
        onShutdown(() => worker.stop());
        process.stderr.write(`triage worker running (${config.COPILOT_WORKER_CONCURRENCY} lanes, model ${agent.model.id})\n`);
      }
    });
}
