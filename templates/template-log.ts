/**
 * The operator's log of template work (tenant_template_log, append-only): what was published, what was
 * refused and why, which tenants were created from which version, and creations that failed and left
 * nothing behind — which no tenant's own audit log can hold.
 */
import type { Database, Tx } from '../core/db/database.ts';
import { asOperator } from '../core/db/tenant-scope.ts';

export type TemplateLogAction =
  | 'template.published'
  | 'template.unchanged'
  | 'template.rejected'
  | 'tenant.created'
  | 'tenant.create_failed';

export interface TemplateLogEntry {
  id: number;
  at: Date;
  actor: string;
  action: TemplateLogAction;
  templateName: string | null;
  templateVersion: number | null;
  tenantSlug: string | null;
  detail: Record<string, unknown>;
}

export interface NewTemplateLogEntry {
  actor: string;
  action: TemplateLogAction;
  templateName?: string | null;
  templateVersion?: number | null;
  tenantSlug?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordTemplateLog(tx: Tx, entry: NewTemplateLogEntry): Promise<void> {
  await tx.query(
    `INSERT INTO tenant_template_log (actor, action, template_name, template_version, tenant_slug, detail) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [
      entry.actor,
      entry.action,
      entry.templateName ?? null,
      entry.templateVersion ?? null,
      entry.tenantSlug ?? null,
      JSON.stringify(entry.detail ?? {}),
    ],
  );
}

/** Most recent first; optionally one template's entries only. */
export async function listTemplateLog(db: Database, options: { template?: string; limit?: number } = {}): Promise<TemplateLogEntry[]> {
  return asOperator(db, async (tx) => {
    const result = await tx.query<{
      id: number | string;
      at: Date;
      actor: string;
      action: TemplateLogAction;
      template_name: string | null;
      template_version: number | null;
      tenant_slug: string | null;
      detail: Record<string, unknown>;
    }>(`SELECT * FROM tenant_template_log WHERE ($1::text IS NULL OR template_name = $1) ORDER BY id DESC LIMIT $2`, [
      options.template ?? null,
      Math.min(Math.max(options.limit ?? 50, 1), 1000),
    ]);
    return result.rows.map((row) => ({
      id: Number(row.id),
      at: row.at,
      actor: row.actor,
      action: row.action,
      templateName: row.template_name,
      templateVersion: row.template_version,
      tenantSlug: row.tenant_slug,
      detail: row.detail,
    }));
  });
}
