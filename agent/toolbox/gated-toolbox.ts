/** The production toolbox: the registry's tools the principal may use, called only through the policy gate (invokeTool). */
import type { Database } from '../../core/db/database.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { invokeTool } from '../../policies/index.ts';
import type { ToolRegistry } from '../../tools/registry.ts';
import { systemTextPaths } from '../../tools/system-text.ts';
import { toolInputJsonSchema } from '../../tools/tool-schemas.ts';
import { createReadBatcher } from './read-batcher.ts';
import type { AgentToolbox, ToolDescriptor } from './toolbox.ts';

export function createGatedToolbox(db: Database, registry: ToolRegistry, principal: Pick<Principal, 'roles'>): AgentToolbox {
  // Offering a model only the tools its caller holds a role for keeps it from planning calls the gate would refuse.
  const descriptors: ToolDescriptor[] = registry.listForRoles(principal.roles).map((tool) => {
    // Without these paths the provenance check reads text a tool composes itself ("safety stock held
    // back") as untrusted text asking for an action, and sends a rep's own hold to an approver.
    const systemText = systemTextPaths(tool.output);
    return {
      name: tool.name,
      description: tool.description,
      kind: tool.kind,
      inputJsonSchema: toolInputJsonSchema(tool),
      ...(systemText.length ? { systemTextPaths: systemText } : {}),
    };
  });
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
