/**
 * templates/: tenant templates — versioned bundles a merchant tenant is created from (policy document,
 * private runbooks, SLA calendar, notification routes, people and roles), and the diff of a tenant
 * against the version it came from. Owns tenant_templates, tenant_template_origins and
 * tenant_template_log; imports core/, policies/, integrations/, ingestion/ and retrieval/; imported by
 * the CLI (the operator) and web/ (a partner admin's POST /v1/partner/tenants).
 */
export { readTemplateBundle, type TemplateBundle } from './read-template-bundle.ts';
export {
  contentHash,
  getTemplateVersion,
  listTemplates,
  listTemplateVersions,
  publishTemplate,
  publishTemplateFrom,
  type PublishedTemplate,
  type TemplateSummary,
  type TemplateVersion,
} from './template-store.ts';
export {
  createTenantFromTemplate,
  newTenantFromTemplateSchema,
  INTERRUPTED_AFTER_MS,
  type NewTenantFromTemplate,
  type TenantFromTemplate,
} from './create-tenant-from-template.ts';
export { diffTenantAgainstTemplate, getTemplateOrigin, type TemplateOrigin, type TenantTemplateDiff } from './diff-tenant.ts';
export { listTemplateLog, type TemplateLogEntry } from './template-log.ts';
export { formatTemplateIssue, TemplateValidationError, type TemplateIssue } from './template-errors.ts';
export { templateRefSchema, templateNameSchema, templateContentSchema, type TemplateContent } from './template-schema.ts';
export { MAX_TEMPLATE_FILE_BYTES, MAX_TEMPLATE_BYTES, MAX_TEMPLATE_RUNBOOKS } from './template-text.ts';
