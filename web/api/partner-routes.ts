/**
 * GET /v1/partner/scorecard: the partner scorecard across the caller's granted tenants.
 * POST /v1/partner/tenants: a partner admin creates a merchant tenant from a template, granted to the partner.
 */
import { z } from 'zod';
import { grantTenantIn } from '../../core/partners/index.ts';
import { newTenantSchema } from '../../core/tenants/tenants.ts';
import { chunkOptionsFromConfig } from '../../ingestion/index.ts';
import { auditPartnerGrant, type AuditActor } from '../../policies/index.ts';
import { createEmbedder } from '../../retrieval/index.ts';
import { createTenantFromTemplate, templateNameSchema } from '../../templates/index.ts';
import { getPartnerPrincipal } from '../auth/require-auth.ts';
import { loadPartnerScorecard, partnerScorecardSchema } from '../partner/partner-scorecard.ts';
import type { ApiDependencies } from './dependencies.ts';
import { addRoute, type ApiRouter } from './openapi.ts';

export const SCORECARD_WINDOWS = [7, 30, 90] as const;

const scorecardQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .refine((days) => (SCORECARD_WINDOWS as readonly number[]).includes(days), `must be one of ${SCORECARD_WINDOWS.join(', ')}`)
    .default(7),
});

const newPartnerTenantSchema = z
  .strictObject({
    slug: newTenantSchema.shape.slug,
    name: newTenantSchema.shape.name,
    currency: newTenantSchema.shape.currency.meta({
      description: 'ISO 4217 code: the currency of the merchant’s records that name none (default USD)',
      example: 'EUR',
    }),
    template: templateNameSchema.meta({
      description: 'A published template’s name (`copilot templates list`)',
      example: 'standard-merchant',
    }),
    version: z.number().int().min(1).max(999_999_999).optional().meta({ description: 'The template version; the latest when absent' }),
  })
  .meta({ id: 'NewPartnerTenant' });

const createdTenantSchema = z
  .object({
    tenant: z.object({ id: z.uuid(), slug: z.string(), name: z.string(), timezone: z.string(), currency: z.string() }),
    template: z.object({ name: z.string(), version: z.number().int() }),
    policyVersion: z.number().int(),
    grantedTo: z.string().meta({ description: 'The caller’s partner: the new tenant is granted to it' }),
    users: z.array(
      z.object({
        name: z.string(),
        roles: z.array(z.string()),
        key: z.string().optional().meta({ description: 'Shown once: only its hash is stored' }),
        keyPrefix: z.string().optional(),
      }),
    ),
    routes: z.array(
      z.object({
        id: z.uuid(),
        channel: z.string(),
        url: z.string(),
        queues: z.array(z.string()),
        users: z.array(z.string()),
        secret: z.string().meta({ description: 'The route’s signing secret, shown once' }),
      }),
    ),
    runbooks: z.array(z.object({ documentId: z.string(), version: z.number().int() })),
  })
  .meta({ id: 'PartnerTenantCreated' });

export function registerPartnerRoutes(api: ApiRouter, deps: Pick<ApiDependencies, 'db' | 'config'>): void {
  // The knowledge index's embedder, made on the first creation (the offline one loads its word vectors once).
  let embedder: ReturnType<typeof createEmbedder> | undefined;
  addRoute(
    api,
    {
      method: 'post',
      path: '/v1/partner/tenants',
      tags: ['partners'],
      summary: 'Create a merchant tenant from a template version, granted to the caller’s partner (partner_admin)',
      description:
        'All or nothing, like `copilot tenants create --template`: the tenant with its SLA calendar, policy, routes, people (keys and signing secrets shown once in this response), the template origin, the grant to the caller’s partner and the audit entries (`partner_grant.granted`, `tenant.created_from_template`) in one transaction; the runbooks are then ingested as the tenant’s private documents, and if that fails the tenant is deleted again. A template that no longer passes validation is a 400 naming each problem, an unknown template or version a 404, a tenant slug already taken a 409; none of them leaves anything behind, and each is in `copilot templates log`.',
      access: { partner: ['partner_admin'] },
      body: newPartnerTenantSchema,
      status: 201,
      response: createdTenantSchema,
      responseDescription: 'The tenant, granted to the caller’s partner',
      errors: [404, 409],
    },
    async (c, { body }) => {
      const partner = getPartnerPrincipal(c);
      const actor: AuditActor = {
        kind: 'user',
        name: `${partner.userName} (${partner.partnerSlug})`,
        ref: `partner ${partner.partnerSlug}`,
      };
      const created = await createTenantFromTemplate(
        deps.db,
        {
          slug: body.slug,
          name: body.name,
          currency: body.currency,
          template: body.version === undefined ? body.template : `${body.template}@${body.version}`,
        },
        {
          actor,
          embedder: (embedder ??= createEmbedder(deps.config)),
          chunking: chunkOptionsFromConfig(deps.config),
          alsoInTransaction: async (tx, tenant) => {
            await grantTenantIn(tx, { partner: partner.partnerSlug, tenant: tenant.id, grantedBy: actor.name! }, (inner, change) =>
              auditPartnerGrant(inner, actor, change),
            );
          },
        },
      );
      c.get('logger').info('tenant created from a template by a partner', {
        tenant: created.tenant.slug,
        template: `${created.template.name}@${created.template.version}`,
        partner: partner.partnerSlug,
      });
      return {
        tenant: {
          id: created.tenant.id,
          slug: created.tenant.slug,
          name: created.tenant.name,
          timezone: created.tenant.timezone,
          currency: created.tenant.currency,
        },
        template: created.template,
        policyVersion: created.policyVersion,
        grantedTo: partner.partnerSlug,
        users: created.users,
        routes: created.routes,
        runbooks: created.runbooks,
      };
    },
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/partner/scorecard',
      tags: ['partners'],
      summary: 'Scorecard of every tenant granted to the caller’s partner organisation, and the totals',
      description:
        'SLA adherence, open exceptions by type and age, automation coverage, approval turnaround, actions executed and failed downstream, adoption and support load over the last `days` days. Partner keys and partner sessions only; each tenant is read in a read-only transaction the database admits only through the grant.',
      access: 'partner',
      query: scorecardQuery,
      response: partnerScorecardSchema,
      responseDescription: 'The scorecard',
    },
    async (c, { query }) => {
      const to = new Date();
      return loadPartnerScorecard(deps.db, getPartnerPrincipal(c), { from: new Date(to.getTime() - query.days * 86_400_000), to });
    },
  );
}
