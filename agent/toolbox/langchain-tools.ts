/** LangChain tool objects that carry only names, descriptions and schemas (for binding to a model). */
import { tool, type StructuredToolInterface } from '@langchain/core/tools';
import { AppError } from '../../core/errors.ts';
import type { ToolDescriptor } from './toolbox.ts';

/**
 * Thrown if anything tries to execute a bound tool directly. Tools run only through the policy-gate
 * middleware, which answers every tool call itself; reaching this body means the gate was skipped.
 */
export class GateBypassError extends AppError {
  constructor(toolName: string) {
    super('internal', `tool ${toolName} was called without the policy gate`, { tool: toolName });
  }
}

/**
 * The argument every write tool takes at the agent surface: why the model proposes it, in a sentence,
 * so the approver always sees a reason (models often send tool calls with empty text). The policy
 * gate takes it off the arguments before the tool sees them.
 */
export const RATIONALE_ARGUMENT = 'rationale';
export const MAX_RATIONALE_CHARS = 600;

type JsonSchemaObject = { type?: string; properties?: Record<string, unknown>; required?: string[]; [key: string]: unknown };

/** A write tool's schema with the required `rationale` string added (read tools are unchanged). */
export function agentInputSchema(descriptor: ToolDescriptor): Record<string, unknown> {
  const schema = descriptor.inputJsonSchema as JsonSchemaObject;
  if (descriptor.kind !== 'write' || schema.type !== 'object') return schema;
  return {
    ...schema,
    properties: {
      ...(schema.properties ?? {}),
      [RATIONALE_ARGUMENT]: {
        type: 'string',
        minLength: 1,
        maxLength: MAX_RATIONALE_CHARS,
        description: 'One or two sentences for the approver: why this action, from which facts (cite them). No reasoning transcript.',
      },
    },
    required: [...new Set([...(schema.required ?? []), RATIONALE_ARGUMENT])],
  };
}

/**
 * Bound tools by schema object, then by name, kind and description: a tool's JSON schema is built once
 * per process (tools/tool-schemas.ts), so every run of every principal reuses the same bound tool
 * instead of building 25 of them per run. A bound tool holds no state: its body only refuses.
 */
const boundTools = new WeakMap<object, Map<string, StructuredToolInterface>>();

function boundTool(descriptor: ToolDescriptor): StructuredToolInterface {
  const bySchema = descriptor.inputJsonSchema as object;
  let tools = boundTools.get(bySchema);
  if (!tools) {
    tools = new Map();
    boundTools.set(bySchema, tools);
  }
  const key = `${descriptor.name}\u0000${descriptor.kind}\u0000${descriptor.description}`;
  let bound = tools.get(key);
  if (!bound) {
    bound = tool(
      async () => {
        throw new GateBypassError(descriptor.name);
      },
      {
        name: descriptor.name,
        description: descriptor.description,
        schema: agentInputSchema(descriptor),
        metadata: { kind: descriptor.kind },
      },
    );
    tools.set(key, bound);
  }
  return bound;
}

export function toLangChainTools(descriptors: readonly ToolDescriptor[]): StructuredToolInterface[] {
  return descriptors.map(boundTool);
}
