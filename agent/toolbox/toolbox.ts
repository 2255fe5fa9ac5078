/** What the agent needs from the tool layer: the tools it may offer a model, and the one gated way to call them. */
import { z } from 'zod';
import type { ToolCallRequest, ToolOutcome } from '../../tools/outcome.ts';
import { systemTextPaths } from '../../tools/system-text.ts';
import type { AnyTool, ToolKind } from '../../tools/tool.ts';

/** A tool as a model sees it: name, description and a JSON Schema for its arguments. */
export interface ToolDescriptor {
  name: string;
  description: string;
  kind: ToolKind;
  inputJsonSchema: Record<string, unknown>;
  /** Paths in the tool's result that hold text the tool composes itself (`derivation.*.detail`): not others' words. */
  systemTextPaths?: readonly string[];
}

/**
 * The agent's only route to tools. `invoke` is the policy gate: it validates arguments, decides,
 * executes what is allowed and records proposals for the rest. Nothing else in agent/ runs a tool.
 */
export interface AgentToolbox {
  describe(): readonly ToolDescriptor[];
  invoke(request: ToolCallRequest): Promise<ToolOutcome>;
}

/** JSON Schema for a tool's input as a model's function-calling API expects it (input side of transforms). */
export function inputJsonSchema(tool: Pick<AnyTool, 'input'>): Record<string, unknown> {
  const schema = z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

/**
 * What a model is told about a tool. `schemaOf` lets the production toolbox pass the registry's cached
 * client schema. The system-text paths matter: without them the provenance check reads text a tool
 * composes itself ("safety stock held back") as untrusted text asking for an action, and sends a rep's
 * own hold to an approver.
 */
export function describeTool(tool: AnyTool, schemaOf: (tool: AnyTool) => Record<string, unknown> = inputJsonSchema): ToolDescriptor {
  const systemText = systemTextPaths(tool.output);
  return {
    name: tool.name,
    description: tool.description,
    kind: tool.kind,
    inputJsonSchema: schemaOf(tool),
    ...(systemText.length ? { systemTextPaths: systemText } : {}),
  };
}
