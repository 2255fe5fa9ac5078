/**
 * `copilot chat "<message>" [--thread ID] [--key KEY] [--json]`: one chat turn as the key's user,
 * through the same agent loop and policy gate as POST /v1/chat. The answer streams to stdout; tool
 * steps, proposals and the thread id go to stderr so stdout stays the answer.
 */
import type { Command } from 'commander';
import { createAgentServices } from '../../agent/agent-services.ts';
import { runChat } from '../../agent/chat/chat.ts';
import type { AgentEvent } from '../../agent/events.ts';
import { printJson } from '../output.ts';
import { withRuntime } from '../runtime.ts';
import { principalFromKey } from './tools.ts';

function progress(event: AgentEvent): void {
  switch (event.type) {
    case 'token':
      process.stdout.write(event.text);
      break;
    case 'tool_call':
      process.stderr.write(`→ ${event.name} ${JSON.stringify(event.args)}\n`);
      break;
    case 'tool_result':
      process.stderr.write(`← ${event.name}: ${event.status}${event.error ? ` (${event.error.message})` : ''}\n`);
      break;
    case 'error':
      process.stderr.write(`error [${event.code}]: ${event.message}\n`);
      break;
    default:
      break;
  }
}

export function registerChatCommand(program: Command): void {
  program
    .command('chat')
    .description('ask the copilot one question (continue a conversation with --thread)')
    .argument('<message>', 'your message, e.g. "why is order 10482 stuck?"')
    .option('--thread <id>', 'continue this thread (printed after each answer)')
    .option('--key <key>', 'API key to act as (default: COPILOT_API_KEY)')
    .option('--json', 'print { threadId, runId, status, answer, citations, proposals, error } instead of streaming')
    .action(async (message: string, options: { thread?: string; key?: string; json?: boolean }) => {
      await withRuntime(async ({ db, config }) => {
        const principal = await principalFromKey(db, config, options.key);
        const services = createAgentServices(db, config);
        const result = await runChat(
          services.chat,
          principal,
          { message, ...(options.thread ? { threadId: options.thread } : {}) },
          options.json ? {} : { onEvent: progress },
        );
        if (options.json) {
          printJson(result);
        } else {
          process.stdout.write('\n');
          for (const citation of result.citations) process.stderr.write(`[${citation.ref}] ${citation.title ?? ''}\n`);
          for (const proposal of result.proposals) {
            process.stderr.write(
              `proposal ${proposal.id}: ${proposal.tool} ${proposal.status}${proposal.approverRole && proposal.status === 'pending_approval' ? ` (awaiting ${proposal.approverRole})` : ''}\n`,
            );
          }
          process.stderr.write(`thread ${result.threadId} (continue with --thread ${result.threadId}); run ${result.runId}\n`);
        }
        if (result.status === 'failed') process.exitCode = 1;
      });
    });
}
