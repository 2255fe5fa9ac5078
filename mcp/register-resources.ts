/**
 * Resources: runbooks (`runbook://{id}`, Markdown with the version in front matter), exceptions
 * (`exception://{id}`) and proposals (`proposal://{id}`) as JSON. Every read and listing is scoped to
 * the principal's tenant by the services; a tenant-private runbook of another tenant is "not found".
 */
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { argumentCompleters } from './argument-completions.ts';
import { McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { Variables } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import { AppError } from '../core/errors.ts';
import type { Principal } from '../core/identity/roles.ts';
import { toJson, type McpLog } from './call-tool-result.ts';
import { requireSafeText, toProtocolError } from './protocol-errors.ts';
import type { JsonObject, McpServices, RunbookDocument } from './mcp-services.ts';

/** JSON-RPC code the MCP specification assigns to "resource not found". */
export const RESOURCE_NOT_FOUND = -32002;
const LIST_LIMIT = 100;

export interface RegisterResourcesOptions {
  principal: Principal;
  services: Pick<McpServices, 'runbooks' | 'exceptions' | 'proposals'>;
  log: McpLog;
}

export const runbookUri = (id: string): string => `runbook://${encodeURIComponent(id)}`;
export const exceptionUri = (id: string): string => `exception://${encodeURIComponent(id)}`;
export const proposalUri = (id: string): string => `proposal://${encodeURIComponent(id)}`;

/** A template variable, percent-decoded, under the text rule (a malformed escape is not found, not a crash). */
function variable(uri: URL, variables: Variables, name: string): string {
  const value = variables[name];
  let decoded: string;
  try {
    decoded = decodeURIComponent(Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
  } catch {
    return notFound(uri);
  }
  return requireSafeText(`uri (${name})`, decoded);
}

function notFound(uri: URL): never {
  throw new McpError(RESOURCE_NOT_FOUND, `resource ${uri.href} not found`, { uri: uri.href });
}

/**
 * A malformed id or an entity of another tenant reads as "not found", never as a server error; any
 * other failure leaves without its internal text (toProtocolError).
 */
async function findOrNotFound<T>(uri: URL, log: McpLog, find: () => Promise<T | undefined>): Promise<T> {
  try {
    const found = await find();
    if (found !== undefined) return found;
  } catch (error) {
    if (!(error instanceof AppError && (error.code === 'not_found' || error.code === 'validation_failed')))
      throw toProtocolError(error, log, { uri: uri.href });
  }
  return notFound(uri);
}

/**
 * One template's listing must not fail resources/list as a whole: a role that may not list
 * something (a rep and proposals, say) simply sees none.
 */
async function listOrNone<T>(log: McpLog, list: () => Promise<T[]>): Promise<T[]> {
  try {
    return await list();
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden') return [];
    throw toProtocolError(error, log, { request: 'resources/list' });
  }
}

/** Front matter carries what a reader needs to cite the document: id and version. */
export function runbookText(document: RunbookDocument): string {
  const lines = ['---', `id: ${JSON.stringify(document.id)}`, `title: ${JSON.stringify(document.title)}`, `version: ${document.version}`];
  if (document.updatedAt) lines.push(`updated_at: ${JSON.stringify(document.updatedAt)}`);
  if (document.tenantPrivate) lines.push('tenant_private: true');
  lines.push('---', '', document.content);
  return lines.join('\n');
}

function jsonContents(uri: URL, value: JsonObject): ReadResourceResult {
  return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(toJson(value), null, 2) }] };
}

/** A short label from whichever descriptive fields an entity has. */
function label(entity: JsonObject, fields: readonly string[]): string | undefined {
  const parts = fields.map((field) => entity[field]).filter((value) => typeof value === 'string' && value.length > 0);
  return parts.length ? parts.join(' · ') : undefined;
}

export function registerResources(server: McpServer, options: RegisterResourcesOptions): void {
  const { principal, services, log } = options;
  const complete = argumentCompleters(principal, services);

  server.registerResource(
    'runbook',
    new ResourceTemplate('runbook://{id}', {
      complete: { id: complete.runbookId },
      list: async () => ({
        resources: (await listOrNone(log, () => services.runbooks.list(principal))).map((runbook) => ({
          uri: runbookUri(runbook.id),
          name: runbook.id,
          title: runbook.title,
          mimeType: 'text/markdown',
          ...(runbook.description ? { description: runbook.description } : {}),
          _meta: { version: runbook.version, tenantPrivate: runbook.tenantPrivate === true },
        })),
      }),
    }),
    {
      title: 'Runbooks and SOPs',
      description: 'Operational runbooks, SOPs and approval policies (shared and your tenant’s own), with their version.',
      mimeType: 'text/markdown',
    },
    async (uri, variables) => {
      const document = await findOrNotFound(uri, log, () => services.runbooks.get(principal, variable(uri, variables, 'id')));
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: document.mimeType ?? 'text/markdown',
            text: runbookText(document),
            _meta: { version: document.version },
          },
        ],
      };
    },
  );

  server.registerResource(
    'exception',
    new ResourceTemplate('exception://{id}', {
      complete: { id: complete.exceptionId },
      list: async () => ({
        resources: (await listOrNone(log, () => services.exceptions.list(principal, { status: 'live', limit: LIST_LIMIT }))).map(
          (exception) => ({
            uri: exceptionUri(String(exception.id)),
            name: String(exception.id),
            title: label(exception, ['type', 'severity', 'title']) ?? `exception ${String(exception.id)}`,
            mimeType: 'application/json',
          }),
        ),
      }),
    }),
    {
      title: 'Operational exceptions',
      description: 'An exception with its type, severity, entities, SLA, status and history (listing: live ones, most urgent first).',
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const exception = await findOrNotFound(uri, log, () => services.exceptions.get(principal, variable(uri, variables, 'id')));
      return jsonContents(uri, exception);
    },
  );

  server.registerResource(
    'proposal',
    new ResourceTemplate('proposal://{id}', {
      complete: { id: complete.proposalId },
      list: async () => ({
        resources: (await listOrNone(log, () => services.proposals.list(principal, { status: 'pending', limit: LIST_LIMIT }))).map(
          (proposal) => ({
            uri: proposalUri(String(proposal.id)),
            name: String(proposal.id),
            title: label(proposal, ['tool', 'status']) ?? `proposal ${String(proposal.id)}`,
            mimeType: 'application/json',
          }),
        ),
      }),
    }),
    {
      title: 'Proposed actions',
      description: 'A proposed action: the frozen tool call, decision, status and approvals.',
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const proposal = await findOrNotFound(uri, log, () => services.proposals.get(principal, variable(uri, variables, 'id')));
      return jsonContents(uri, proposal);
    },
  );
}
