/**
 * Creates a merchant tenant from a template version, all or nothing: the tenant with the SLA calendar
 * (time zone, business hours, holidays), its policy (approval rules, routing, escalation), notification routes, people with their
 * roles (and keys where asked), the template origin and the audit entry are written in ONE operator
 * transaction; the runbooks then go through the knowledge index's own ingestion (it embeds and writes
 * in its own transactions). If ingestion fails or skips a runbook, the tenant is deleted again — every
 * row of it cascades — so nothing of it remains. A crash between the two steps leaves the tenant marked
 * `provisioning`; retrying the creation removes it first.
 */
import { z } from 'zod';
import type { Database, Tx } from '../core/db/database.ts';
import { asOperator } from '../core/db/tenant-scope.ts';
import { setSlaCalendarIn } from '../core/exceptions/index.ts';
import { ConflictError, parseOrThrow, ValidationError } from '../core/errors.ts';
import { createApiKeyIn } from '../core/identity/api-keys.ts';
import type { Role } from '../core/identity/roles.ts';
import { addUser } from '../core/identity/user-directory.ts';
import { createTenantIn, deleteTenant, findTenantIn, newTenantSchema, type Tenant } from '../core/tenants/tenants.ts';
import { emptyReport, ingestDocuments, type ChunkOptions } from '../ingestion/index.ts';
import { createWebhookEndpointIn } from '../integrations/index.ts';
import { applyPolicyIn, appendAuditEntry, auditApiKeyCreated, type AuditActor } from '../policies/index.ts';
import type { KnowledgeEmbedder } from '../retrieval/index.ts';
import { TemplateValidationError } from './template-errors.ts';
import { recordTemplateLog } from './template-log.ts';
import { templateRefSchema } from './template-schema.ts';
import { findTemplateVersionIn, type TemplateVersion } from './template-store.ts';
import { validateTemplateContent } from './validate-template.ts';

export const newTenantFromTemplateSchema = z.strictObject({
  slug: newTenantSchema.shape.slug,
  name: newTenantSchema.shape.name,
  template: templateRefSchema,
  currency: newTenantSchema.shape.currency,
});
export type NewTenantFromTemplate = z.input<typeof newTenantFromTemplateSchema>;

/** A tenant still `provisioning` after this long was left by an interrupted creation, not one in progress. */
export const INTERRUPTED_AFTER_MS = 15 * 60_000;

export interface TenantFromTemplate {
  tenant: Tenant;
  template: { name: string; version: number };
  policyVersion: number;
  /** Signing secrets are shown here once (a webhook route's receiver needs it), like `webhooks add`. */
  routes: Array<{ id: string; channel: string; url: string; queues: string[]; users: string[]; secret: string }>;
  /** Keys are shown here once; only their hashes are stored. */
  users: Array<{ name: string; roles: Role[]; key?: string; keyPrefix?: string }>;
  runbooks: Array<{ documentId: string; version: number }>;
}

export interface CreateFromTemplateOptions {
  actor: AuditActor;
  /**
   * More to write in the creation's own operator transaction, after the tenant's parts and before its
   * audit entry (a partner admin's creation grants the new tenant to the partner): it commits with the
   * tenant or not at all, and a failure in it creates nothing.
   */
  alsoInTransaction?: (tx: Tx, tenant: Tenant) => Promise<void>;
  embedder: KnowledgeEmbedder;
  chunking?: ChunkOptions;
}

/** The source path the knowledge index records for a runbook that came from a template. */
export const runbookSourcePath = (template: { name: string; version: number }, path: string): string =>
  `template:${template.name}@${template.version}/${path}`;

export async function createTenantFromTemplate(
  db: Database,
  input: NewTenantFromTemplate,
  options: CreateFromTemplateOptions,
): Promise<TenantFromTemplate> {
  const request = parseOrThrow(newTenantFromTemplateSchema, input, 'tenant from template');
  const actorName = options.actor.name ?? options.actor.kind;
  let template: TemplateVersion | undefined;
  const fail = async (error: unknown): Promise<never> => {
    await asOperator(db, (tx) =>
      recordTemplateLog(tx, {
        actor: actorName,
        action: 'tenant.create_failed',
        templateName: template?.name ?? request.template.name,
        templateVersion: template?.version ?? request.template.version ?? null,
        tenantSlug: request.slug,
        detail: { code: (error as { code?: string }).code ?? 'internal', message: (error as Error).message, ...issuesOf(error) },
      }),
    ).catch(() => undefined);
    throw error;
  };

  let created: Omit<TenantFromTemplate, 'runbooks'>;
  let documents: ReturnType<typeof prepare>['documents'];
  try {
    template = await asOperator(db, (tx) => findTemplateVersionIn(tx, request.template));
    ({ documents } = prepare(template));
    await removeInterruptedCreation(db, request.slug);
    created = await asOperator(db, async (tx) => {
      const tenant = await createTenantIn(tx, {
        slug: request.slug,
        name: request.name,
        timezone: template!.content.slaCalendar.timezone,
        currency: request.currency,
      });
      await tx.query(
        `INSERT INTO tenant_template_origins (tenant_id, template_name, template_version, created_by) VALUES ($1, $2, $3, $4)`,
        [tenant.id, template!.name, template!.version, actorName],
      );
      const content = template!.content;
      const { after: slaCalendar } = await setSlaCalendarIn(tx, tenant.id, content.slaCalendar, actorName);
      const policy = await applyPolicyIn(tx, tenant.id, content.policy.source, { actor: options.actor });
      const routes: TenantFromTemplate['routes'] = [];
      for (const route of content.routes) {
        const { endpoint, secret } = await createWebhookEndpointIn(tx, tenant.id, route, { actor: options.actor });
        routes.push({
          id: endpoint.id,
          channel: endpoint.channel,
          url: endpoint.url,
          queues: endpoint.queues,
          users: endpoint.users,
          secret,
        });
      }
      const users: TenantFromTemplate['users'] = [];
      for (const user of content.users) {
        if (user.apiKey) {
          const key = await createApiKeyIn(
            tx,
            { tenantId: tenant.id, roles: user.roles, userName: user.name, name: `${user.name} key` },
            { onCreated: (inner, made) => auditApiKeyCreated(inner, tenant.id, options.actor, made, `${user.name} key`) },
          );
          users.push({ name: user.name, roles: key.roles, key: key.key, keyPrefix: key.prefix });
        } else {
          const added = await addUser(tx, tenant.id, user.name, user.roles);
          users.push({ name: added.name, roles: added.roles });
        }
      }
      await options.alsoInTransaction?.(tx, tenant);
      await appendAuditEntry(tx, {
        tenantId: tenant.id,
        actor: options.actor,
        action: 'tenant.created_from_template',
        entityType: 'tenant',
        entityId: tenant.id,
        after: {
          slug: tenant.slug,
          template: template!.name,
          templateVersion: template!.version,
          contentHash: template!.contentHash,
          timezone: tenant.timezone,
          slaCalendar,
          policyVersion: policy.version,
          routes: routes.map((route) => ({ channel: route.channel, url: route.url, queues: route.queues, users: route.users })),
          users: users.map((user) => ({ name: user.name, roles: user.roles, apiKey: user.key !== undefined })),
          runbooks: documents.map((document) => document.id),
        },
      });
      return { tenant, template: { name: template!.name, version: template!.version }, policyVersion: policy.version, routes, users };
    });
  } catch (error) {
    return fail(error);
  }

  // Runbooks: the index's own ingestion, with the tenant removed again if any part does not make it.
  let runbooks: TenantFromTemplate['runbooks'];
  try {
    const report =
      documents.length === 0
        ? emptyReport()
        : await ingestDocuments(db, documents, {
            embedder: options.embedder,
            tenant: created.tenant.id,
            ...(options.chunking ? { chunking: options.chunking } : {}),
          });
    if (report.skipped.length > 0)
      throw new TemplateValidationError(
        report.skipped.map((skipped) => ({ file: skipped.path.replace(/^template:[^/]+\//, ''), path: '(root)', message: skipped.reason })),
        `runbooks of ${created.template.name}@${created.template.version}`,
      );
    runbooks = [...report.added, ...report.updated, ...report.unchanged].map((document) => ({
      documentId: document.documentId,
      version: document.version,
    }));
    await asOperator(db, async (tx) => {
      await tx.query(`UPDATE tenant_template_origins SET state = 'ready' WHERE tenant_id = $1`, [created.tenant.id]);
      await recordTemplateLog(tx, {
        actor: actorName,
        action: 'tenant.created',
        templateName: created.template.name,
        templateVersion: created.template.version,
        tenantSlug: created.tenant.slug,
        detail: { tenantId: created.tenant.id, policyVersion: created.policyVersion, runbooks: runbooks.length },
      });
    });
  } catch (error) {
    await deleteTenant(db, created.tenant.id);
    return fail(error);
  }
  return { ...created, runbooks };
}

/** The template's content re-validated against today's schemas, and its runbooks as the index takes them. */
function prepare(template: TemplateVersion) {
  const validation = validateTemplateContent(template.content, {
    runbookSourcePath: (path) => runbookSourcePath(template, path),
  });
  if (!validation.ok) throw new TemplateValidationError(validation.issues, `template ${template.name}@${template.version}`);
  return { documents: validation.documents };
}

/**
 * A tenant of that slug still provisioning long after it started was left by a crash: it is deleted so
 * the creation can run again. One that started moments ago is being created right now: a conflict.
 */
async function removeInterruptedCreation(db: Database, slug: string): Promise<void> {
  const stale = await asOperator(db, async (tx) => {
    const tenant = await findTenantIn(tx, slug);
    if (!tenant) return undefined;
    const origin = await tx.query<{ state: string; created_at: Date }>(
      'SELECT state, created_at FROM tenant_template_origins WHERE tenant_id = $1',
      [tenant.id],
    );
    const row = origin.rows[0];
    if (row?.state !== 'provisioning') return undefined; // createTenantIn reports the conflict
    if (Date.now() - new Date(row.created_at).getTime() < INTERRUPTED_AFTER_MS)
      throw new ConflictError(`tenant ${slug} is being created from a template right now`, { slug });
    return tenant;
  });
  if (stale) await deleteTenant(db, stale.id);
}

function issuesOf(error: unknown): { issues?: unknown } {
  return error instanceof ValidationError && error.issues.length > 0 ? { issues: error.issues } : {};
}
