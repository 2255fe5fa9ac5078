/**
 * What changed in a tenant since it was created from its template version: the policy (field by
 * field), the SLA calendar (time zone, hours per weekday, holidays), notification routes, people and roles, and private runbooks.
 * Read as the operator; each part through the function of the folder that owns it.
 */
import { withTenant, asOperator } from '../core/db/tenant-scope.ts';
import type { Database } from '../core/db/database.ts';
import { NotFoundError } from '../core/errors.ts';
import { completeCalendar, readSlaCalendar, type SlaCalendar } from '../core/exceptions/index.ts';
import { listUsers } from '../core/identity/user-directory.ts';
import { requireTenant } from '../core/tenants/tenants.ts';
import { DEFAULT_CHUNK_OPTIONS, documentHash, type ChunkOptions } from '../ingestion/index.ts';
import { listWebhookEndpoints, NOTICE_TYPES, redactUrl, validateEndpointUrl, validateMailto } from '../integrations/index.ts';
import { getActivePolicy, parsePolicySource } from '../policies/index.ts';
import { listPrivateDocumentHashes } from '../retrieval/index.ts';
import { runbookSourcePath } from './create-tenant-from-template.ts';
import type { TemplateContent } from './template-schema.ts';
import { getTemplateVersion } from './template-store.ts';
import { validateTemplateContent } from './validate-template.ts';
import { diffValues, type ValueChange } from './value-diff.ts';

export interface TemplateOrigin {
  tenantId: string;
  templateName: string;
  templateVersion: number;
  state: 'provisioning' | 'ready';
  createdBy: string;
  createdAt: Date;
}

/** A route as both sides can show it: the URL redacted (Slack's secret path, query strings), lists sorted. */
interface RouteView {
  channel: string;
  url: string;
  types: string[];
  queues: string[];
  users: string[];
  digest: { severities: string[]; everyMinutes: number } | null;
  description: string;
  enabled: boolean;
}

export interface TenantTemplateDiff {
  tenant: string;
  template: { name: string; version: number };
  state: TemplateOrigin['state'];
  /** True when nothing below differs. */
  inSync: boolean;
  policy: { tenantVersion: number; changes: ValueChange[] };
  slaCalendar: { changes: ValueChange[] };
  routes: { onlyInTemplate: RouteView[]; onlyInTenant: RouteView[] };
  users: { missing: string[]; added: string[]; rolesChanged: Array<{ name: string; template: string[]; tenant: string[] }> };
  runbooks: { missing: string[]; changed: string[]; added: string[] };
}

export async function getTemplateOrigin(db: Database, tenantId: string): Promise<TemplateOrigin | undefined> {
  return asOperator(db, async (tx) => {
    const result = await tx.query<{
      tenant_id: string;
      template_name: string;
      template_version: number;
      state: TemplateOrigin['state'];
      created_by: string;
      created_at: Date;
    }>('SELECT * FROM tenant_template_origins WHERE tenant_id = $1', [tenantId]);
    const row = result.rows[0];
    return row
      ? {
          tenantId: row.tenant_id,
          templateName: row.template_name,
          templateVersion: row.template_version,
          state: row.state,
          createdBy: row.created_by,
          createdAt: row.created_at,
        }
      : undefined;
  });
}

const sorted = (values: readonly string[]): string[] => [...new Set(values)].sort();

function templateRoute(route: TemplateContent['routes'][number]): RouteView {
  // The same normalisation createWebhookEndpoint applies before it stores a route.
  const url = route.channel === 'email' ? validateMailto(route.url) : validateEndpointUrl(route.url, { allowPrivate: false }).href;
  const types = route.channel === 'webhook' || route.types.length > 0 ? route.types : [...NOTICE_TYPES];
  return {
    channel: route.channel,
    url: redactUrl(url, route.channel),
    types: sorted(types),
    queues: sorted(route.queues),
    users: sorted(route.users),
    digest: route.digest ? { severities: sorted(route.digest.severities), everyMinutes: route.digest.everyMinutes } : null,
    description: route.description,
    enabled: route.enabled,
  };
}

/** Multiset difference by canonical JSON: routes have no name to match on, so a changed route shows on both sides. */
function routeDifference(template: RouteView[], tenant: RouteView[]): TenantTemplateDiff['routes'] {
  const remaining = new Map<string, number>();
  for (const route of tenant) remaining.set(JSON.stringify(route), (remaining.get(JSON.stringify(route)) ?? 0) + 1);
  const onlyInTemplate: RouteView[] = [];
  for (const route of template) {
    const key = JSON.stringify(route);
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else onlyInTemplate.push(route);
  }
  const onlyInTenant = tenant.filter((route) => {
    const key = JSON.stringify(route);
    const left = remaining.get(key) ?? 0;
    if (left === 0) return false;
    remaining.set(key, left - 1);
    return true;
  });
  return { onlyInTemplate, onlyInTenant };
}

/** Holidays keyed by date (`holidays.2026-12-24: "Christmas Eve" → (absent)`), so one removed day is one change, not a shifted list. */
function calendarView(calendar: SlaCalendar): { timezone: string; hours: SlaCalendar['hours']; holidays: Record<string, string | null> } {
  return {
    timezone: calendar.timezone,
    hours: calendar.hours,
    holidays: Object.fromEntries(calendar.holidays.map((holiday) => [holiday.date, holiday.name ?? null])),
  };
}

export async function diffTenantAgainstTemplate(
  db: Database,
  slugOrId: string,
  options: { chunking?: ChunkOptions } = {},
): Promise<TenantTemplateDiff> {
  const tenant = await requireTenant(db, slugOrId);
  const origin = await getTemplateOrigin(db, tenant.id);
  if (!origin) throw new NotFoundError('template origin of tenant', tenant.slug);
  const template = await getTemplateVersion(db, { name: origin.templateName, version: origin.templateVersion });
  const content = template.content;

  const policy = await getActivePolicy(db, tenant.id);
  const policyChanges = diffValues(parsePolicySource(content.policy.source), policy.document);

  // Both sides complete (the product's hours where a side names none), so "no hours" and the same hours written out agree.
  const tenantCalendar = await withTenant(db, tenant.id, (tx) => readSlaCalendar(tx, tenant.id));
  const slaCalendar = { changes: diffValues(calendarView(completeCalendar(content.slaCalendar)), calendarView(tenantCalendar.calendar)) };

  const endpoints = await listWebhookEndpoints(db, tenant.id);
  const routes = routeDifference(
    content.routes.map(templateRoute),
    endpoints.map((endpoint) => ({
      channel: endpoint.channel,
      url: endpoint.url,
      types: sorted(endpoint.types),
      queues: sorted(endpoint.queues),
      users: sorted(endpoint.users),
      digest: endpoint.digest ? { severities: sorted(endpoint.digest.severities), everyMinutes: endpoint.digest.everyMinutes } : null,
      description: endpoint.description,
      enabled: endpoint.enabled,
    })),
  );

  const people = await withTenant(db, tenant.id, (tx) => listUsers(tx, tenant.id));
  const byName = new Map(people.map((user) => [user.name, user]));
  const templateNames = new Set(content.users.map((user) => user.name));
  const users: TenantTemplateDiff['users'] = {
    missing: content.users.filter((user) => !byName.has(user.name)).map((user) => user.name),
    added: people.filter((user) => !templateNames.has(user.name)).map((user) => user.name),
    rolesChanged: content.users.flatMap((user) => {
      const current = byName.get(user.name);
      if (!current || JSON.stringify(sorted(current.roles)) === JSON.stringify(sorted(user.roles))) return [];
      return [{ name: user.name, template: sorted(user.roles), tenant: sorted(current.roles) }];
    }),
  };

  // A runbook is unchanged when its current version's hash is what ingesting the template's file gives.
  const chunking = options.chunking ?? DEFAULT_CHUNK_OPTIONS;
  const validation = validateTemplateContent(content, { runbookSourcePath: (path) => runbookSourcePath(template, path) });
  const templateDocuments = validation.ok ? validation.documents : [];
  const stored = new Map((await listPrivateDocumentHashes(db, tenant.id)).map((document) => [document.documentId, document]));
  const templateIds = new Set(templateDocuments.map((document) => document.id));
  const runbooks: TenantTemplateDiff['runbooks'] = {
    missing: templateDocuments.filter((document) => !stored.has(document.id)).map((document) => document.id),
    changed: templateDocuments
      .filter((document) => {
        const current = stored.get(document.id);
        return current !== undefined && current.contentHash !== documentHash(document, chunking);
      })
      .map((document) => document.id),
    added: [...stored.keys()].filter((id) => !templateIds.has(id)),
  };

  const inSync =
    policyChanges.length === 0 &&
    slaCalendar.changes.length === 0 &&
    routes.onlyInTemplate.length + routes.onlyInTenant.length === 0 &&
    users.missing.length + users.added.length + users.rolesChanged.length === 0 &&
    runbooks.missing.length + runbooks.changed.length + runbooks.added.length === 0;
  return {
    tenant: tenant.slug,
    template: { name: template.name, version: template.version },
    state: origin.state,
    inSync,
    policy: { tenantVersion: policy.version, changes: policyChanges },
    slaCalendar,
    routes,
    users,
    runbooks,
  };
}
