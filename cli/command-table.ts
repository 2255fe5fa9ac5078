/**
 * Every top-level command with its one-line summary and how to load it. `copilot --help` lists these
 * without importing any command module; running a command imports only its own module (and what that
 * pulls in), so a quick command does not pay for LangChain, the MCP SDK or the ingestion parsers.
 * cli/command-table.test.ts checks each summary against the description the module itself registers.
 */
import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  summary: string;
  register: (program: Command) => Promise<void>;
  /**
   * False for a command that never applies events, settles proposals or routes work (a knowledge search,
   * migrations): it then skips loading the domain listeners (exception detection, policies, chat outcomes),
   * a few hundred modules a cold start would otherwise pay for. Default true: when in doubt, register them.
   */
  domainListeners?: false;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'run the HTTP server (UI, API, MCP) and the triage worker',
    register: async (program) => (await import('./commands/serve.ts')).registerServeCommand(program),
  },
  {
    name: 'migrate',
    summary: 'apply pending database migrations (safe to run repeatedly)',
    domainListeners: false,
    register: async (program) => (await import('./commands/migrate.ts')).registerMigrateCommand(program),
  },
  {
    name: 'tenants',
    summary: 'list tenants (or create one with `tenants create`)',
    register: async (program) => (await import('./commands/tenants.ts')).registerTenantsCommand(program),
  },
  {
    name: 'templates',
    summary: 'tenant templates: publish versions, list, show, and the log of their use',
    register: async (program) => (await import('./commands/templates.ts')).registerTemplatesCommand(program),
  },
  {
    name: 'partners',
    summary: 'partner organisations: create, grant and revoke tenants, issue partner keys',
    register: async (program) => (await import('./commands/partners.ts')).registerPartnersCommand(program),
  },
  {
    name: 'keys',
    summary: 'create, list and revoke API keys',
    register: async (program) => (await import('./commands/keys.ts')).registerKeysCommand(program),
  },
  {
    name: 'events',
    summary: 'import events, list and replay dead letters',
    register: async (program) => (await import('./commands/events.ts')).registerEventsCommand(program),
  },
  {
    name: 'ingest',
    summary: 'load runbooks and SOPs (Markdown, HTML, text, PDF; directories are walked) into the knowledge index',
    register: async (program) => (await import('./commands/ingest.ts')).registerIngestCommand(program),
  },
  {
    name: 'search',
    summary: 'search the knowledge index (runbooks, SOPs, policies) with citations and score breakdown',
    domainListeners: false,
    register: async (program) => (await import('./commands/search.ts')).registerSearchCommand(program),
  },
  {
    name: 'mcp',
    summary: 'serve MCP over stdio (tools, runbook/exception/proposal resources, prompts) as the user of COPILOT_API_KEY',
    register: async (program) => (await import('./commands/mcp.ts')).registerMcpCommand(program),
  },
  {
    name: 'tools',
    summary: 'list the copilot’s tools and call them through the policy gate',
    register: async (program) => (await import('./commands/tools.ts')).registerToolsCommand(program),
  },
  {
    name: 'policies',
    summary: 'validate, apply and show tenant policy documents (YAML)',
    register: async (program) => (await import('./commands/policies.ts')).registerPoliciesCommand(program),
  },
  {
    name: 'approvals',
    summary: 'list, show, approve, reject or edit proposed actions (uses --key or COPILOT_API_KEY)',
    register: async (program) => (await import('./commands/approvals.ts')).registerApprovalsCommand(program),
  },
  {
    name: 'audit',
    summary: 'verify and read the append-only audit log',
    register: async (program) => (await import('./commands/audit.ts')).registerAuditCommand(program),
  },
  {
    name: 'triage',
    summary: 'triage open exceptions with the agent: propose remediations through the policy gate or hand off',
    register: async (program) => (await import('./commands/triage.ts')).registerTriageCommand(program),
  },
  {
    name: 'chat',
    summary: 'ask the copilot one question (continue a conversation with --thread)',
    register: async (program) => (await import('./commands/chat.ts')).registerChatCommand(program),
  },
  {
    name: 'runs',
    summary: 'agent run transcripts: export, list, show',
    register: async (program) => (await import('./commands/runs.ts')).registerRunsCommand(program),
  },
  {
    name: 'eval',
    summary: 'run evaluation suites (triage, chat, retrieval) against fixtures, score them, compare with a baseline',
    register: async (program) => (await import('./commands/eval.ts')).registerEvalCommand(program),
  },
  {
    name: 'seed',
    summary: 'generate deterministic demo tenants (acme-industrial, brightside, …) with 90 days of operations, through the event path',
    register: async (program) => (await import('./commands/seed.ts')).registerSeedCommand(program),
  },
  {
    name: 'demo-snapshot',
    summary: 'build the demo database a first `npm start` copies instead of seeding (npm install runs this)',
    register: async (program) => (await import('./commands/demo-snapshot.ts')).registerDemoSnapshotCommand(program),
  },
  {
    name: 'exceptions',
    summary:
      'list operational exceptions (stock conflicts, payment mismatches, failed ERP syncs, …); see also `exceptions sweep|show|take|hand-over|release|resolve|dismiss|reopen`',
    register: async (program) => (await import('./commands/exceptions.ts')).registerExceptionsCommand(program),
  },
  {
    name: 'forecast',
    summary: 'demand forecasts, stockout and late-shipment risk (see docs/forecasting.md)',
    register: async (program) => (await import('./commands/forecast.ts')).registerForecastCommand(program),
  },
  {
    name: 'kpis',
    summary:
      'operations KPIs: release time, backorder rate, perfect orders, return-to-restock, exceptions by type and age, SLA breaches, adjustments',
    register: async (program) => (await import('./commands/kpis.ts')).registerKpisCommand(program),
  },
  {
    name: 'webhooks',
    summary: 'outbound webhook endpoints: add, list, remove, deliveries, replay',
    register: async (program) => (await import('./commands/webhooks.ts')).registerWebhooksCommand(program),
  },
];

/**
 * The command a command line runs (`copilot help <name>` asks about <name>); undefined for a bare
 * `copilot`, `copilot --help` or an unknown name, which need only the summaries.
 */
export function commandNamed(argv: readonly string[]): CommandEntry | undefined {
  const args = argv.slice(2);
  const first = args.findIndex((arg) => !arg.startsWith('-'));
  if (first < 0) return undefined;
  const name = args[first] === 'help' ? args[first + 1] : args[first];
  return COMMANDS.find((command) => command.name === name);
}
