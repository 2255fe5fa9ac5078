/**
 * The production wiring of the MCP surface: the default tool registry, the policy gate and the
 * proposal functions of policies/, exceptions from core/, runbooks from retrieval/. Each call runs in
 * the principal's tenant (row-level security); nothing here touches another module's tables.
 */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Database } from '../core/db/database.ts';
import { withTenant } from '../core/db/tenant-scope.ts';
import { AppError } from '../core/errors.ts';
import { getException, listExceptions } from '../core/exceptions/list-exceptions.ts';
import { approveProposal, getProposal, invokeTool, listProposals, rejectProposal } from '../policies/index.ts';
import type { Principal } from '../core/identity/roles.ts';
import { getDocument, listDocuments, type KnowledgeDocumentSummary } from '../retrieval/documents.ts';
import { buildDefaultRegistry, type ToolRegistry } from '../tools/registry.ts';
import { buildMcpServer, type BuildMcpServerOptions } from './create-mcp-server.ts';
import type { McpServices, McpToolSource, RunbookSummary } from './mcp-services.ts';
import { toProposalView } from './proposal-view.ts';

export interface McpWiring {
  registry: McpToolSource;
  services: McpServices;
}

const isUuid = (value: string): boolean => z.uuid().safeParse(value).success;

/** Resolves to undefined when the entity does not exist (or is not visible) in the tenant. */
async function orUndefined<T>(find: () => Promise<T>): Promise<T | undefined> {
  try {
    return await find();
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return undefined;
    throw error;
  }
}

function runbookSummary(document: KnowledgeDocumentSummary): RunbookSummary {
  return {
    id: document.documentId,
    title: document.title,
    version: document.version,
    ...(document.visibility === 'tenant' ? { tenantPrivate: true } : {}),
    description: `${document.type}${document.appliesTo.length ? ` for ${document.appliesTo.join(', ')}` : ''}`,
  };
}

export function createMcpServices(db: Database, registry: ToolRegistry): McpServices {
  return {
    invokeTool: (request) => invokeTool(db, registry, request),
    proposals: {
      list: async (principal, filter) => (await listProposals(db, principal, filter)).map(toProposalView),
      get: async (principal, id) => {
        if (!isUuid(id)) return undefined;
        const proposal = await orUndefined(() => getProposal(db, principal, id));
        return proposal && toProposalView(proposal);
      },
      approve: (principal, id, comment) => approveProposal(db, registry, principal, id, comment ? { comment } : {}),
      reject: async (principal, id, reason) => toProposalView(await rejectProposal(db, registry, principal, id, { reason })),
    },
    exceptions: {
      list: (principal, filter) =>
        withTenant(db, principal.tenantId, async (tx) =>
          (await listExceptions(tx, { ...filter, sort: 'severity' })).map((exception) => ({ ...exception })),
        ),
      get: (principal, id) =>
        isUuid(id)
          ? withTenant(db, principal.tenantId, (tx) => orUndefined(async () => ({ ...(await getException(tx, id)) })))
          : Promise.resolve(undefined),
    },
    runbooks: {
      list: async (principal) => (await listDocuments(db, principal.tenantId)).map(runbookSummary),
      get: async (principal, id) => {
        const document = await orUndefined(() => getDocument(db, principal.tenantId, id));
        if (!document) return undefined;
        return {
          ...runbookSummary(document),
          content: document.body,
          mimeType: 'text/markdown',
          updatedAt: document.ingestedAt.toISOString(),
          sourcePath: document.sourcePath,
        };
      },
    },
  };
}

/** The product's registry and services; one per process is enough (both are stateless). */
export function defaultMcpWiring(db: Database): McpWiring {
  const registry = buildDefaultRegistry();
  return { registry, services: createMcpServices(db, registry) };
}

/**
 * A fresh MCP server for one principal on the product's modules. Build one per stdio process or per
 * HTTP request; never share one between callers.
 */
export function createMcpServer(
  options: { db: Database; registry: ToolRegistry; principal: Principal } & Pick<BuildMcpServerOptions, 'fallbackClientName' | 'log'>,
): McpServer {
  const { db, registry, ...rest } = options;
  return buildMcpServer({ ...rest, registry, services: createMcpServices(db, registry) });
}
