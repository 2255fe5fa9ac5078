/** MCP tool annotations derived from a tool's metadata (kind, risk, idempotent). */
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { AnyTool, RiskLevel } from '../tools/tool.ts';

/** Writes at these risk levels change or remove existing state (refunds, price overrides, stock corrections). */
const DESTRUCTIVE_RISKS: ReadonlySet<RiskLevel> = new Set(['medium', 'high', 'critical']);

export function toolAnnotations(tool: Pick<AnyTool, 'title' | 'kind' | 'risk' | 'idempotent'>): ToolAnnotations {
  const readOnly = tool.kind === 'read';
  return {
    title: tool.title,
    readOnlyHint: readOnly,
    // Hints are advisory for clients (confirmation prompts); the policy gate is what actually decides.
    destructiveHint: !readOnly && DESTRUCTIVE_RISKS.has(tool.risk),
    idempotentHint: readOnly || tool.idempotent === true,
    // Every tool acts on this copilot's own database and knowledge index: a closed world.
    openWorldHint: false,
  };
}
