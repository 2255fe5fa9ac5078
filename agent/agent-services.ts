/** Wires the agent for a process: the configured model, the tool registry, the gated toolbox per caller. */
import type { Config } from '../core/config.ts';
import type { Database } from '../core/db/database.ts';
import { buildDefaultRegistry, type ToolRegistry } from '../tools/registry.ts';
import type { ChatDependencies } from './chat/chat.ts';
import { createChatModel } from './models/create-chat-model.ts';
import type { ModelHandle } from './models/model-handle.ts';
import { createGatedToolbox } from './toolbox/gated-toolbox.ts';

export interface AgentServices {
  model: ModelHandle;
  registry: ToolRegistry;
  chat: ChatDependencies;
}

export function createAgentServices(
  db: Database,
  config: Config,
  options: { registry?: ToolRegistry; model?: ModelHandle } = {},
): AgentServices {
  const registry = options.registry ?? buildDefaultRegistry();
  const model = options.model ?? createChatModel(config);
  return {
    model,
    registry,
    chat: { db, model, toolboxFor: (principal) => createGatedToolbox(db, registry, principal) },
  };
}
