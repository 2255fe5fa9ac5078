/**
 * Work routed to people: "assigned to me / my queues" across exceptions and pending proposals, and
 * taking, handing over and releasing either (each in the history, the audit log and the outbox).
 */
import { z } from 'zod';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { listExceptions } from '../../core/exceptions/index.ts';
import {
  assignmentActionSchema,
  changeExceptionAssignment,
  changeProposalAssignment,
  listAssignedPendingProposals,
  loadActivePolicy,
  queuesOf,
} from '../../policies/index.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { assignmentReasonSchema, exceptionSchema } from './exception-routes.ts';
import { toJsonSafe } from './json-safe.ts';
import { addRoute, uuidParam, type ApiRouter } from './openapi.ts';
import { PROPOSAL_READER_ROLES, proposalSchema } from './proposal-routes.ts';
import { limitParam } from './query-fields.ts';

const WORKER_ROLES = ['rep', 'approver', 'admin'] as const;

const assignmentBodySchema = assignmentActionSchema.meta({
  id: 'AssignmentChange',
  description:
    'take: make yourself the owner; hand_over: to an owner and/or queue, with a note saying why (shown at the top of the page); release: give it back to its queue.',
});

const proposalAssignmentSchema = z
  .object({
    rootId: z.uuid(),
    queue: z.string().nullable(),
    owner: z.string().nullable(),
    reason: assignmentReasonSchema,
    escalationStep: z.number().int(),
  })
  .meta({ id: 'ProposalAssignment' });

const workQuerySchema = z.strictObject({
  scope: z
    .enum(['mine', 'queues', 'mine-or-queues', 'all'])
    .default('mine-or-queues')
    .meta({ description: 'mine = owned by the caller; queues = in the caller’s queues; all = every assigned live item' }),
  limit: limitParam(500, 100),
});

export function registerWorkRoutes(api: ApiRouter, { db }: ApiDependencies): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/work',
      tags: ['work'],
      summary: 'Assigned to me / my queues: live exceptions and pending proposals, oldest first, with why they are there',
      access: PROPOSAL_READER_ROLES,
      query: workQuerySchema,
      response: z
        .object({
          user: z.string(),
          queues: z.array(z.string()).meta({ description: 'The queues the tenant policy lists the caller in (member, lead or on call).' }),
          exceptions: z.array(exceptionSchema),
          proposals: z.array(z.object({ proposal: proposalSchema, assignment: proposalAssignmentSchema })),
        })
        .meta({ id: 'AssignedWork' }),
      responseDescription: 'The caller’s work',
    },
    async (c, { query }) => {
      const principal = getPrincipal(c);
      return toJsonSafe(
        await withTenant(db, principal.tenantId, async (tx) => {
          const queues = queuesOf((await loadActivePolicy(tx, principal.tenantId)).document.routing, principal.userName);
          const me = principal.userName;
          const filter =
            query.scope === 'all'
              ? {}
              : query.scope === 'mine'
                ? { owner: me }
                : query.scope === 'queues'
                  ? { queue: queues }
                  : { owner: me, queue: queues, mineOrQueues: true };
          const exceptions = await listExceptions(tx, {
            status: 'live',
            sort: 'sla',
            limit: query.limit,
            ...filter,
            ...(query.scope === 'all' ? { unassigned: false } : {}),
          });
          const proposalFilter =
            query.scope === 'all'
              ? {}
              : query.scope === 'mine'
                ? { owner: me, queues: [] }
                : query.scope === 'queues'
                  ? { owner: null, queues }
                  : { owner: me, queues };
          const proposals = await listAssignedPendingProposals(tx, { ...proposalFilter, limit: query.limit });
          return { user: me, queues, exceptions, proposals };
        }),
      );
    },
  );

  addRoute(
    api,
    {
      method: 'post',
      path: '/v1/exceptions/{exceptionId}/assignment',
      tags: ['work'],
      summary: 'Take, hand over or release an exception',
      access: WORKER_ROLES,
      params: uuidParam('exceptionId'),
      body: assignmentBodySchema,
      response: exceptionSchema,
      responseDescription: 'The exception with its new assignment',
      errors: [403, 404, 409],
    },
    async (c, { params, body }) => toJsonSafe(await changeExceptionAssignment(db, getPrincipal(c), params.exceptionId, body)),
  );

  addRoute(
    api,
    {
      method: 'post',
      path: '/v1/proposals/{proposalId}/assignment',
      tags: ['work'],
      summary: 'Take, hand over or release a pending proposal',
      access: WORKER_ROLES,
      params: uuidParam('proposalId'),
      body: assignmentBodySchema,
      response: proposalAssignmentSchema,
      responseDescription: 'The proposal’s new assignment',
      errors: [403, 404, 409],
    },
    async (c, { params, body }) => toJsonSafe(await changeProposalAssignment(db, getPrincipal(c), params.proposalId, body)),
  );
}
