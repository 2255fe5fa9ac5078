/** The production toolbox: the registry's tools the principal may use, called only through the policy gate (invokeTool). */
import type { Database } from '../../core/db/database.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { invokeTool } from '../../policies/index.ts';
import type { ToolRegistry } from '../../tools/registry.ts';
import { toolInputJsonSchema } from '../../tools/tool-schemas.ts';
import type { AgentToolbox, ToolDescriptor } from './toolbox.ts';

export function createGatedToolbox(db: Database, registry: ToolRegistry, principal: Pick<Principal, 'roles'>): AgentToolbox {
  // Offering a model only the tools its caller holds a role for keeps it from planning calls the gate would refuse.
  const descriptors: ToolDescriptor[] = registry.listForRoles(principal.roles).map((tool) => ({
    name: tool.name,
    description: tool.description,
    kind: tool.kind,
    inputJsonSchema: toolInputJsonSchema(tool),
  }));
  return {
    describe: () => descriptors,
    invoke: (request) => invokeTool(db, registry, request),
  };
}
