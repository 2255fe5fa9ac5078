/** The tenant's approval policy: the version in force, the history, one version, and applying a new one (admin). */
import { z } from 'zod';
import type { Role } from '../../core/identity/roles.ts';
import { actorFromPrincipal, applyPolicy, getActivePolicy, getPolicyVersion, listPolicyVersions } from '../../policies/index.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { toJsonSafe } from './json-safe.ts';
import { addRoute, type ApiRouter } from './openapi.ts';

export const POLICY_READER_ROLES: readonly Role[] = ['approver', 'admin', 'evaluator'];

const versionSummaryFields = {
  tenantId: z.uuid(),
  version: z.number().int().meta({ description: '0 = built-in safe defaults (nothing applied yet)' }),
  sourceHash: z.string(),
  createdBy: z.string(),
  createdAt: z.iso.datetime().nullable(),
};

export const policyVersionSchema = z
  .object({
    ...versionSummaryFields,
    document: z.looseObject({ rules: z.array(z.looseObject({})) }),
    source: z.string().meta({ description: 'The YAML as applied' }),
  })
  .meta({ id: 'PolicyVersion' });

const appliedPolicySchema = policyVersionSchema.extend({ unchanged: z.boolean() }).meta({ id: 'AppliedPolicy' });

const applyBodySchema = z
  .strictObject({
    source: z
      .string()
      .min(1, 'the policy YAML is empty')
      .max(256 * 1024),
  })
  .meta({ id: 'ApplyPolicy', description: 'The whole policy document as YAML; it is validated whole before anything changes' });

export function registerPolicyRoutes(api: ApiRouter, { db }: ApiDependencies): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/policies/current',
      tags: ['policies'],
      summary: 'The policy version in force',
      access: POLICY_READER_ROLES,
      response: policyVersionSchema,
      responseDescription: 'The active policy',
    },
    async (c) => toJsonSafe(await getActivePolicy(db, getPrincipal(c).tenantId)),
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/policies/versions',
      tags: ['policies'],
      summary: 'Every applied version, oldest first',
      access: POLICY_READER_ROLES,
      response: z.object({ versions: z.array(z.object(versionSummaryFields)) }),
      responseDescription: 'The versions',
    },
    async (c) => ({ versions: toJsonSafe(await listPolicyVersions(db, getPrincipal(c).tenantId)) }),
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/policies/versions/{version}',
      tags: ['policies'],
      summary: 'One policy version',
      access: POLICY_READER_ROLES,
      params: z.object({ version: z.coerce.number().int().min(0) }),
      response: policyVersionSchema,
      responseDescription: 'The version',
      errors: [404],
    },
    async (c, { params }) => toJsonSafe(await getPolicyVersion(db, getPrincipal(c).tenantId, params.version)),
  );

  addRoute(
    api,
    {
      method: 'post',
      path: '/v1/policies',
      tags: ['policies'],
      summary: 'Apply a new policy version (admin); an invalid document changes nothing and lists each problem with its line',
      access: ['admin'],
      body: applyBodySchema,
      status: 201,
      response: appliedPolicySchema,
      responseDescription: 'The version now in force (unchanged: true when the source equals it)',
    },
    async (c, { body }) => {
      const principal = getPrincipal(c);
      const applied = await applyPolicy(db, principal.tenantId, body.source, { actor: actorFromPrincipal(principal) });
      c.get('logger').info('policy applied', { version: applied.version, unchanged: applied.unchanged });
      return toJsonSafe(applied);
    },
  );
}
