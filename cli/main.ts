import { Command, CommanderError } from 'commander';
import { registerApprovalsCommand } from './commands/approvals.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerChatCommand } from './commands/chat.ts';
import { registerEvalCommand } from './commands/eval.ts';
import { registerEventsCommand } from './commands/events.ts';
import { registerExceptionsCommand } from './commands/exceptions.ts';
import { registerIngestCommand } from './commands/ingest.ts';
import { registerKeysCommand } from './commands/keys.ts';
import { registerKpisCommand } from './commands/kpis.ts';
import { registerMcpCommand } from './commands/mcp.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerPoliciesCommand } from './commands/policies.ts';
import { registerRunsCommand } from './commands/runs.ts';
import { registerSearchCommand } from './commands/search.ts';
import { registerSeedCommand } from './commands/seed.ts';
import { registerTenantsCommand } from './commands/tenants.ts';
import { registerToolsCommand } from './commands/tools.ts';
import { registerTriageCommand } from './commands/triage.ts';
import { exitCodeForError } from './exit-codes.ts';
import { describeError } from './output.ts';
import { closeRegistered } from './runtime.ts';
import { registerExceptionDetection, registerProposalSettlement } from '../core/exceptions/index.ts';
import { onProposalPending, onProposalSettled } from '../policies/index.ts';

export function buildProgram(): Command {
  const program = new Command()
    .name('copilot')
    .description('Ops Copilot: AI operations copilot for ecommerce and ERP operations')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  // Every command that applies events (serve, events import/replay, seed) detects exceptions in the
  // event's transaction, and proposals settle their exceptions (idempotent: safe to call again).
  registerExceptionDetection();
  registerProposalSettlement(onProposalSettled, onProposalPending);

  registerServeCommand(program);
  registerMigrateCommand(program);
  registerTenantsCommand(program);
  registerKeysCommand(program);
  registerEventsCommand(program);
  registerIngestCommand(program);
  registerSearchCommand(program);
  registerMcpCommand(program);
  registerToolsCommand(program);
  registerPoliciesCommand(program);
  registerApprovalsCommand(program);
  registerAuditCommand(program);
  registerTriageCommand(program);
  registerChatCommand(program);
  registerRunsCommand(program);
  registerEvalCommand(program);
  registerSeedCommand(program);
  registerExceptionsCommand(program);
  registerKpisCommand(program);

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" with exit code 0; usage mistakes exit 2 as is conventional.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`${describeError(error)}\n`);
    // Invalid input (a ValidationError: bad option value, unreadable input file) is a usage error too.
    process.exitCode = exitCodeForError(error);
    await closeRegistered();
  }
}
