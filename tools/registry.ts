/** The one tool registry every surface (agent, MCP, CLI, HTTP) lists and calls tools through. */
import type { Role } from '../core/identity/roles.ts';
import { ConflictError, NotFoundError } from '../core/errors.ts';
import { ALL_TOOLS } from './catalog.ts';
import { TOOL_NAME_PATTERN, type AnyTool } from './tool.ts';
import { toolInputJsonSchema } from './tool-schemas.ts';

export interface ToolRegistry {
  /** Adds a tool; a second tool with the same name is a ConflictError. */
  register(tool: AnyTool): void;
  get(name: string): AnyTool | undefined;
  /** Like get, but an unknown name is a NotFoundError. */
  require(name: string): AnyTool;
  has(name: string): boolean;
  /** All tools, in registration order. */
  list(): AnyTool[];
  /** Tools a caller with these roles may call (read) or propose (write). */
  listForRoles(roles: readonly Role[]): AnyTool[];
}

export function createToolRegistry(tools: readonly AnyTool[] = []): ToolRegistry {
  const byName = new Map<string, AnyTool>();
  const registry: ToolRegistry = {
    register(tool) {
      if (!TOOL_NAME_PATTERN.test(tool.name)) throw new ConflictError(`invalid tool name ${JSON.stringify(tool.name)}`);
      if (tool.kind === 'write' && !tool.inspect) throw new ConflictError(`write tool ${tool.name} needs inspect()`);
      // Derive the input JSON Schema once now, so a tool MCP or a model could not describe fails at startup.
      try {
        toolInputJsonSchema(tool);
      } catch (error) {
        throw new ConflictError(`tool ${tool.name}: ${(error as Error).message}`, { tool: tool.name });
      }
      if (byName.has(tool.name)) throw new ConflictError(`tool ${tool.name} is already registered`, { tool: tool.name });
      byName.set(tool.name, tool);
    },
    get: (name) => byName.get(name),
    require(name) {
      const tool = byName.get(name);
      if (!tool) throw new NotFoundError('tool', name);
      return tool;
    },
    has: (name) => byName.has(name),
    list: () => [...byName.values()],
    listForRoles: (roles) => [...byName.values()].filter((tool) => tool.roles.some((role) => roles.includes(role))),
  };
  for (const tool of tools) registry.register(tool);
  return registry;
}

/** The registry of every shipped tool (tools/catalog.ts). */
export function buildDefaultRegistry(): ToolRegistry {
  return createToolRegistry(ALL_TOOLS);
}
