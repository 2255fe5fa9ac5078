/**
 * `copilot tools list|call`: the tool registry from a shell. A call goes through the same policy gate
 * as every other surface, acting as the user of an API key (--key or COPILOT_API_KEY).
 */
import { Option, type Command } from 'commander';
import type { Config } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';
import { ConfigurationError, ValidationError } from '../../core/errors.ts';
import { authenticateApiKey } from '../../core/identity/api-keys.ts';
import { ROLES, type Principal } from '../../core/identity/roles.ts';
import { invokeTool } from '../../policies/index.ts';
import type { ToolOutcome } from '../../tools/outcome.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { toolInputJsonSchema } from '../../tools/tool-schemas.ts';
import { printJson, printTable } from '../output.ts';
import { BRIEF, withRuntime } from '../runtime.ts';

/** Exit code for a call the policy denied: distinct from failures (1) and usage errors (2). */
export const EXIT_DENIED = 3;

/** The principal of --key, or of COPILOT_API_KEY. */
export async function principalFromKey(db: Database, config: Config, key: string | undefined): Promise<Principal> {
  const presented = key ?? config.COPILOT_API_KEY;
  if (!presented) throw new ConfigurationError('no API key: pass --key or set COPILOT_API_KEY (create one with `copilot keys create`)');
  return authenticateApiKey(db, presented);
}

/** Parses a JSON command-line argument, naming the option when it is not JSON. */
export function parseJsonOption(value: string, option: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw new ValidationError(`${option} must be JSON: ${(error as Error).message}`, [{ path: option, message: 'not JSON' }]);
  }
}

/** One human-readable report of a gated call; the same shape for `tools call` and `approvals`. */
export function printOutcome(outcome: ToolOutcome): void {
  const lines = [
    `${outcome.tool}: ${outcome.status} (decision ${outcome.decision}${outcome.rule ? `, rule ${outcome.rule}` : ''}${outcome.policyVersion !== undefined ? `, policy v${outcome.policyVersion}` : ''})`,
    `reason: ${outcome.reason}`,
  ];
  if (outcome.proposalId)
    lines.push(
      `proposal: ${outcome.proposalId}${outcome.approverRole && outcome.status === 'pending_approval' ? ` (awaiting ${outcome.approverRole})` : ''}`,
    );
  if (outcome.error) lines.push(`error [${outcome.error.code}]: ${outcome.error.message}`);
  if (outcome.result !== undefined) lines.push(`result: ${JSON.stringify(outcome.result, null, 2)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function exitCodeFor(outcome: ToolOutcome): number {
  return outcome.status === 'failed' ? 1 : outcome.status === 'denied' ? EXIT_DENIED : 0;
}

export function registerToolsCommand(program: Command): void {
  const tools = program.command('tools').description('list the copilot’s tools and call them through the policy gate');

  tools
    .command('list')
    .description('list tools: name, kind, risk and the roles that may call them')
    .addOption(new Option('--role <role>', 'only tools this role may call').choices(ROLES))
    .option('--json', 'print as JSON (with descriptions and input schemas)')
    .action((options: { role?: string; json?: boolean }) => {
      const registry = buildDefaultRegistry();
      const list = registry.list().filter((tool) => !options.role || (tool.roles as readonly string[]).includes(options.role));
      if (options.json) {
        printJson(
          list.map((tool) => ({
            name: tool.name,
            title: tool.title,
            kind: tool.kind,
            risk: tool.risk,
            roles: tool.roles,
            idempotent: tool.idempotent ?? false,
            description: tool.description,
            inputSchema: toolInputJsonSchema(tool),
          })),
        );
      } else {
        printTable(
          list.map((tool) => ({ name: tool.name, kind: tool.kind, risk: tool.risk, roles: tool.roles.join(','), title: tool.title })),
        );
      }
    });

  tools
    .command('call')
    .description('call a tool as the user of an API key; writes are executed, left pending for approval, or denied by the tenant policy')
    .argument('<name>', 'tool name (see `copilot tools list`)')
    .option('--args <json>', 'arguments as a JSON object', '{}')
    .option('--key <key>', 'API key (default: COPILOT_API_KEY)')
    .option('--rationale <text>', 'why the call is made (stored on the proposal)')
    .option('--json', 'print { decision, reason, status, proposalId?, result?, … }')
    .addHelpText('after', `\nExit status: 0 ok/executed/pending approval, 1 failed, ${EXIT_DENIED} denied.`)
    .action(async (name: string, options: { args: string; key?: string; rationale?: string; json?: boolean }) => {
      const args = parseJsonOption(options.args, '--args');
      await withRuntime(async ({ db, config }) => {
        const principal = await principalFromKey(db, config, options.key);
        const outcome = await invokeTool(db, buildDefaultRegistry(), {
          principal,
          tool: name,
          args,
          origin: { kind: 'user', ref: 'cli' },
          ...(options.rationale ? { rationale: options.rationale } : {}),
        });
        if (options.json) printJson(outcome);
        else printOutcome(outcome);
        process.exitCode = exitCodeFor(outcome);
      }, BRIEF);
    });
}
