import { Command, CommanderError } from 'commander';
import { COMMANDS, commandNamed } from './command-table.ts';
import { refuseUnsafeCommandText } from './command-text.ts';
import { exitCodeForError } from './exit-codes.ts';
import { markStandalone } from './standalone-process.ts';
import { traceStart } from './start-trace.ts';
import { describeError } from './output.ts';
import { describeUnknownCommand, findUnknownCommand } from './unknown-command.ts';

function newProgram(): Command {
  return new Command()
    .name('copilot')
    .description('Ops Copilot: AI operations copilot for ecommerce and ERP operations')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .hook('preAction', (_program, command) => refuseUnsafeCommandText(command));
}

/**
 * Every command that applies events (serve, events import/replay, seed) detects exceptions in the
 * event's transaction, proposals settle their exceptions, and new work is routed (idempotent: safe to call again).
 */
async function registerDomainListeners(): Promise<void> {
  const [
    { registerExceptionDetection, registerProposalSettlement },
    { onProposalPending, onProposalSettled, registerWorkRouting },
    { registerChatOutcomeMessages },
  ] = await Promise.all([
    import('../core/exceptions/index.ts'),
    import('../policies/index.ts'),
    import('../agent/chat/register-chat-outcomes.ts'),
  ]);
  registerExceptionDetection();
  registerProposalSettlement(onProposalSettled, onProposalPending);
  // New exceptions and pending proposals go to their owner/queue by the tenant policy's routing rules.
  registerWorkRouting();
  // A chat thread hears what became of the actions it proposed (approved, rejected, executed, confirmed…).
  registerChatOutcomeMessages();
}

/**
 * The program for a command line: the command it names fully registered (its module loaded), every
 * other command as a summary only, so help and "unknown command" answers list them all.
 */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = newProgram();
  const wanted = commandNamed(argv);
  if (wanted && wanted.domainListeners !== false) await registerDomainListeners();
  for (const entry of COMMANDS) {
    if (entry === wanted) await entry.register(program);
    else program.command(entry.name).description(entry.summary);
  }
  return program;
}

/** The program with every command module loaded (tests that inspect commands' options). */
export async function buildFullProgram(): Promise<Command> {
  const program = newProgram();
  await registerDomainListeners();
  for (const entry of COMMANDS) await entry.register(program);
  return program;
}

/** Runs one command line. `standalone`: the command is this process's whole life (bin/copilot.mjs). */
export async function main(argv: string[], options: { standalone?: boolean } = {}): Promise<void> {
  traceStart('cli loaded');
  if (options.standalone) markStandalone();
  try {
    // Checked on a program of its own: parsing options stores their values on the program that parses them.
    const unknownCommand = findUnknownCommand(await buildProgram(argv), argv.slice(2));
    if (unknownCommand) {
      process.stderr.write(`${describeUnknownCommand(unknownCommand)}\n`);
      process.exitCode = 2;
      return;
    }
    const program = await buildProgram(argv);
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
    // Loaded here, not up front: the runtime pulls in the configuration schema and database drivers.
    const { closeRegistered } = await import('./runtime.ts');
    await closeRegistered();
  }
}
