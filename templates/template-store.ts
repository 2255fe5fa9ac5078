/**
 * Published template versions (operator-owned tables, see templates/migrations): publish adds version
 * N+1 only when the content changed, a version never changes afterwards, and every publication —
 * new, unchanged or rejected — is written to the template log.
 */
import { createHash } from 'node:crypto';
import type { Database, Tx } from '../core/db/database.ts';
import { asOperator } from '../core/db/tenant-scope.ts';
import { NotFoundError } from '../core/errors.ts';
import { recordTemplateLog } from './template-log.ts';
import { TemplateValidationError } from './template-errors.ts';
import { templateContentSchema, type TemplateContent, type TemplateRef } from './template-schema.ts';
import { readTemplateBundle, type TemplateBundle } from './read-template-bundle.ts';

export interface TemplateVersion {
  name: string;
  version: number;
  description: string;
  content: TemplateContent;
  contentHash: string;
  publishedBy: string;
  publishedAt: Date;
}

export type TemplateSummary = Omit<TemplateVersion, 'content'> & { versions: number; runbooks: number; users: number; routes: number };

export interface PublishedTemplate {
  template: TemplateVersion;
  /** True when the content equals the latest version's: nothing was added. */
  unchanged: boolean;
}

interface TemplateRow {
  name: string;
  version: number;
  description: string;
  content: unknown;
  content_hash: string;
  published_by: string;
  published_at: Date;
}

/** Keys sorted at every level, so the hash is the content's, not the order a YAML file listed it in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  return value;
}

export const contentHash = (content: TemplateContent): string =>
  createHash('sha256')
    .update(JSON.stringify(canonical(content)))
    .digest('hex');

function toVersion(row: TemplateRow): TemplateVersion {
  return {
    name: row.name,
    version: row.version,
    description: row.description,
    // Stored content is read back through the schema (defaults added since apply; nothing unvalidated leaves).
    content: templateContentSchema.parse(row.content),
    contentHash: row.content_hash,
    publishedBy: row.published_by,
    publishedAt: row.published_at,
  };
}

async function latestRow(tx: Tx, name: string): Promise<TemplateRow | undefined> {
  const result = await tx.query<TemplateRow>('SELECT * FROM tenant_templates WHERE name = $1 ORDER BY version DESC LIMIT 1', [name]);
  return result.rows[0];
}

/** Publishes a template read (and validated) by readTemplateBundle: version N+1 if it changed, else the latest. */
export async function publishTemplate(db: Database, bundle: TemplateBundle, options: { actor: string }): Promise<PublishedTemplate> {
  const content = templateContentSchema.parse(bundle.content);
  const hash = contentHash(content);
  return asOperator(db, async (tx) => {
    // One publisher per template name at a time, so versions stay dense.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('tenant_templates:' || $1, 0))`, [bundle.name]);
    const latest = await latestRow(tx, bundle.name);
    if (latest && latest.content_hash === hash) {
      await recordTemplateLog(tx, {
        actor: options.actor,
        action: 'template.unchanged',
        templateName: bundle.name,
        templateVersion: latest.version,
      });
      return { template: toVersion(latest), unchanged: true };
    }
    const inserted = await tx.query<TemplateRow>(
      `INSERT INTO tenant_templates (name, version, description, content, content_hash, published_by)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING *`,
      [bundle.name, (latest?.version ?? 0) + 1, content.description, JSON.stringify(content), hash, options.actor],
    );
    const template = toVersion(inserted.rows[0]!);
    await recordTemplateLog(tx, {
      actor: options.actor,
      action: 'template.published',
      templateName: template.name,
      templateVersion: template.version,
      detail: { contentHash: hash, previousVersion: latest?.version ?? null, runbooks: content.runbooks.map((file) => file.path) },
    });
    return { template, unchanged: false };
  });
}

/**
 * Reads, validates and publishes the template at `path` (a directory or its template.yaml). A template
 * that fails validation is recorded in the template log with every issue, and nothing is stored.
 */
export async function publishTemplateFrom(db: Database, path: string, options: { actor: string }): Promise<PublishedTemplate> {
  let bundle: TemplateBundle;
  try {
    bundle = await readTemplateBundle(path);
  } catch (error) {
    if (error instanceof TemplateValidationError)
      await asOperator(db, (tx) =>
        recordTemplateLog(tx, {
          actor: options.actor,
          action: 'template.rejected',
          detail: { source: path, message: error.message, issues: error.issues },
        }),
      );
    throw error;
  }
  return publishTemplate(db, bundle, options);
}

/** The version `ref` names (the latest when it names none), read in the caller's operator transaction. */
export async function findTemplateVersionIn(tx: Tx, ref: TemplateRef): Promise<TemplateVersion> {
  const row =
    ref.version === undefined
      ? await latestRow(tx, ref.name)
      : (await tx.query<TemplateRow>('SELECT * FROM tenant_templates WHERE name = $1 AND version = $2', [ref.name, ref.version])).rows[0];
  if (!row) throw new NotFoundError('template', ref.version === undefined ? ref.name : `${ref.name}@${ref.version}`);
  return toVersion(row);
}

export function getTemplateVersion(db: Database, ref: TemplateRef): Promise<TemplateVersion> {
  return asOperator(db, (tx) => findTemplateVersionIn(tx, ref));
}

/** Every template with its latest version. */
export async function listTemplates(db: Database): Promise<TemplateSummary[]> {
  return asOperator(db, async (tx) => {
    const result = await tx.query<TemplateRow & { versions: number }>(
      `SELECT DISTINCT ON (name) *, count(*) OVER (PARTITION BY name)::int AS versions
       FROM tenant_templates ORDER BY name, version DESC`,
    );
    return result.rows.map((row) => {
      const { content, ...rest } = toVersion(row);
      return {
        ...rest,
        versions: row.versions,
        runbooks: content.runbooks.length,
        users: content.users.length,
        routes: content.routes.length,
      };
    });
  });
}

/** A template's versions, newest first (without their content). */
export async function listTemplateVersions(db: Database, name: string): Promise<Array<Omit<TemplateVersion, 'content'>>> {
  return asOperator(db, async (tx) => {
    const result = await tx.query<TemplateRow>('SELECT * FROM tenant_templates WHERE name = $1 ORDER BY version DESC', [name]);
    return result.rows.map((row) => {
      const { content: _content, ...rest } = toVersion(row);
      return rest;
    });
  });
}
