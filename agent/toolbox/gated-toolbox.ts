/** The production toolbox: the registry's tools the principal may use, called only through the policy gate (invokeTool). */
import type { Database } from '../../core/db/database.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { invokeTool } from '../../policies/index.ts';
import type { ToolRegistry } from '../../tools/registry.ts';
import { toolInputJsonSchema } from '../../tools/tool-schemas.ts';
import { createReadBatcher } from './read-batcher.ts';
import { describeTool, type AgentToolbox, type ToolDescriptor } from './toolbox.ts';

export function createGatedToolbox(db: Database, registry: ToolRegistry, principal: Pick<Principal, 'roles'>): AgentToolbox {
  // Offering a model only the tools its caller holds a role for keeps it from planning calls the gate would refuse.
  const descriptors: ToolDescriptor[] = registry.listForRoles(principal.roles).map((tool) => describeTool(tool, toolInputJsonSchema));
  const reads = createReadBatcher(db, registry);
  return {
    describe: () => descriptors,
    invoke: (request) => {
      if (registry.get(request.tool)?.kind === 'read') return reads.invoke(request);
      // Reads asked for before this call go first, in the order they were asked (their batch starts now).
      reads.flush();
      return invokeTool(db, registry, request);
    },
  };
}
