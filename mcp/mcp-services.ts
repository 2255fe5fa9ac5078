/**
 * What the MCP surface needs from the rest of the product, as one narrow interface. The MCP server
 * renders these; it never reads tables itself, and every tool call goes through `invokeTool`, the
 * policy gate. Production wiring is in default-mcp-services.ts; tests pass their own.
 */
import type { ExceptionStatus, ExceptionType } from '../core/exceptions/index.ts';
import type { Principal } from '../core/identity/roles.ts';
import type { ToolCallRequest, ToolOutcome } from '../tools/outcome.ts';
import type { AnyTool } from '../tools/tool.ts';
import type { ProposalView } from './proposal-view.ts';

/** A JSON object as other modules return it; the MCP edge serialises it as is. */
export type JsonObject = Record<string, unknown>;

/** The tools the registry holds. Filtering by role happens in the MCP server. */
export interface McpToolSource {
  list(): readonly AnyTool[];
}

export interface RunbookSummary {
  id: string;
  title: string;
  version: number;
  /** Set for a tenant-private document (visible only to its tenant). */
  tenantPrivate?: boolean;
  description?: string;
}

export interface RunbookDocument extends RunbookSummary {
  /** The document's text (Markdown for the bundled corpus). */
  content: string;
  mimeType?: string;
  updatedAt?: string;
  sourcePath?: string;
}

export interface ProposalListFilter {
  status?: ProposalView['status'];
  limit: number;
}

export interface ExceptionListFilter {
  type?: ExceptionType;
  /** A status, or `live`: open, triaging or awaiting approval. */
  status?: ExceptionStatus | 'live';
  limit: number;
}

export interface McpServices {
  /** The policy gate: validate, decide, execute what is allowed, record a proposal for the rest. */
  invokeTool(request: ToolCallRequest): Promise<ToolOutcome>;
  proposals: {
    /** Approvers see the tenant's proposals, everyone else only their own (the policies module decides). */
    list(principal: Principal, filter: ProposalListFilter): Promise<ProposalView[]>;
    /** Undefined when the proposal does not exist in the principal's tenant or is not theirs to see. */
    get(principal: Principal, id: string): Promise<ProposalView | undefined>;
    /** Approves and executes once; four-eyes, role and authority limits are enforced by the policies module. */
    approve(principal: Principal, id: string, comment?: string): Promise<ToolOutcome>;
    reject(principal: Principal, id: string, reason: string): Promise<ProposalView>;
  };
  runbooks: {
    /** Shared documents plus the principal's tenant-private ones. */
    list(principal: Principal): Promise<RunbookSummary[]>;
    get(principal: Principal, id: string): Promise<RunbookDocument | undefined>;
  };
  exceptions: {
    list(principal: Principal, filter: ExceptionListFilter): Promise<JsonObject[]>;
    get(principal: Principal, id: string): Promise<JsonObject | undefined>;
  };
}
