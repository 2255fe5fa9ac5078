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

export function toLangChainTools(descriptors: readonly ToolDescriptor[]): StructuredToolInterface[] {
  return descriptors.map((descriptor) =>
    tool(
      async () => {
        throw new GateBypassError(descriptor.name);
      },
      {
        name: descriptor.name,
        description: descriptor.description,
        schema: descriptor.inputJsonSchema,
        metadata: { kind: descriptor.kind },
      },
    ),
  );
}
