/**
 * MCP logging (`logging/setLevel`, `notifications/message`): the server sends log messages only once
 * the client asked for them with logging/setLevel, and only at or above the level it chose. (The SDK
 * on its own would send every level to a client that never asked, which clutters clients and their
 * transcripts.) One instance per server, so per connection.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { LoggingLevelSchema, SetLevelRequestSchema, type LoggingLevel } from '@modelcontextprotocol/sdk/types.js';

const SEVERITY = LoggingLevelSchema.options;

export class ClientLogLevel {
  private minimum: LoggingLevel | undefined;

  /** Answers logging/setLevel (the SDK has already validated the level: an unknown one is refused). */
  install(server: McpServer): void {
    server.server.setRequestHandler(SetLevelRequestSchema, async (request) => {
      this.minimum = request.params.level;
      return {};
    });
  }

  wants(level: LoggingLevel): boolean {
    return this.minimum !== undefined && SEVERITY.indexOf(level) >= SEVERITY.indexOf(this.minimum);
  }

  /** Sends a log message when the client wants it; never fails the request it belongs to. */
  async send(server: McpServer, level: LoggingLevel, logger: string, data: Record<string, unknown>): Promise<void> {
    if (!this.wants(level)) return;
    await server.server.sendLoggingMessage({ level, logger, data }).catch(() => undefined);
  }
}
