/**
 * `copilot mcp`: the copilot's tools, runbooks and prompts for a desktop or IDE MCP client, over
 * stdio, acting as the user of COPILOT_API_KEY (its tenant and roles). stdout is the protocol
 * channel; every message for humans goes to stderr.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../core/config.ts';
import { ConfigurationError, UnauthorizedError } from '../../core/errors.ts';
import { authenticateApiKey } from '../../core/identity/api-keys.ts';
import { defaultMcpWiring } from '../../mcp/default-mcp-services.ts';
import { revalidatingServices } from '../../mcp/stdio/revalidate-key.ts';
import { routeConsoleToStderr, serveMcpOverStdio } from '../../mcp/stdio/serve-mcp-over-stdio.ts';
import { withRuntime } from '../runtime.ts';

const KEY_HINT = 'create one with `copilot keys create --tenant <slug> --role rep` and pass it in the environment';

export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('serve MCP over stdio (tools, runbook/exception/proposal resources, prompts) as the user of COPILOT_API_KEY')
    .addHelpText(
      'after',
      '\nExample client configuration: see README, section "MCP".\n' +
        'The key fixes tenant and roles; write tools go through the tenant policy (executed, pending approval or denied).',
    )
    .action(async () => {
      // Before anything can print: stray console output on stdout would corrupt the protocol.
      routeConsoleToStderr();
      const key = loadConfig().COPILOT_API_KEY;
      if (!key) throw new ConfigurationError(`COPILOT_API_KEY is not set: \`copilot mcp\` acts as the user of an API key; ${KEY_HINT}`);
      await withRuntime(async ({ db }) => {
        const authenticate = async () => {
          try {
            return await authenticateApiKey(db, key);
          } catch (error) {
            if (error instanceof UnauthorizedError) {
              throw new UnauthorizedError(`COPILOT_API_KEY was not accepted (unknown, malformed or revoked key); ${KEY_HINT}`);
            }
            throw error;
          }
        };
        const principal = await authenticate();
        const wiring = defaultMcpWiring(db);
        process.stderr.write(
          `ops-copilot MCP server on stdio for ${principal.userName}@${principal.tenantSlug} (${principal.roles.join(', ')}); ` +
            `${wiring.registry.list().length} registry tools\n`,
        );
        await serveMcpOverStdio({
          registry: wiring.registry,
          principal,
          services: revalidatingServices(wiring.services, async () => void (await authenticate())),
        });
      });
    });
}
