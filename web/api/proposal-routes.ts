/**
 * Proposals (frozen tool calls awaiting or past a decision) and the approver's actions on them. The
 * policies module enforces four-eyes, roles, authority and re-decision on edit; these routes only
 * translate HTTP to its functions, so no surface can approve more loosely than another.
 */
import { z } from 'zod';
import { citationSchema } from '../../retrieval/citation.ts';
import { decisionSchema, toolOutcomeSchema } from '../../tools/outcome.ts';
import { approveProposal, editProposal, getProposal, listProposals, PROPOSAL_STATUSES, rejectProposal } from '../../policies/index.ts';
import type { Role } from '../../core/identity/roles.ts';
import { ROLES } from '../../core/identity/roles.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { toJsonSafe } from './json-safe.ts';
import { addRoute, uuidParam, type ApiRouter } from './openapi.ts';
import { limitParam } from './query-fields.ts';

/** Reps see their own proposals; approvers and admins see the tenant's (the policies module decides). */
export const PROPOSAL_READER_ROLES: readonly Role[] = ['rep', 'approver', 'admin'];
export const PROPOSAL_DECIDER_ROLES: readonly Role[] = ['approver', 'admin'];

const dateTime = z.iso.datetime();
const proposalStatusSchema = z.enum(PROPOSAL_STATUSES);

export const proposalSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    tool: z.string(),
    args: z.unknown(),
    argsHash: z.string(),
    proposer: z.object({ userId: z.string(), name: z.string(), roles: z.array(z.enum(ROLES)) }),
    origin: z.object({ kind: z.enum(['user', 'agent', 'mcp', 'system']), ref: z.string().optional() }),
    runId: z.string().nullable(),
    rationale: z.string().nullable(),
    citations: z.array(citationSchema),
    evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    exceptionId: z.uuid().nullable(),
    exceptionType: z.string().nullable(),
    decision: decisionSchema,
    ruleId: z.string(),
    reason: z.string(),
    policyVersion: z.number().int(),
    approverRole: z.string().nullable(),
    authority: z.unknown().nullable(),
    amount: z.number().nullable(),
    status: proposalStatusSchema,
    rootId: z.uuid(),
    revision: z.number().int(),
    parentId: z.uuid().nullable(),
    editors: z.array(z.string()),
    expiresAt: dateTime.nullable(),
    result: z.unknown(),
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
    settledAt: dateTime.nullable(),
  })
  .meta({ id: 'Proposal' });

export const proposalDetailSchema = proposalSchema
  .extend({
    approvals: z.array(
      z.object({
        id: z.uuid(),
        userId: z.string(),
        userName: z.string(),
        roles: z.array(z.enum(ROLES)),
        decision: z.enum(['approve', 'reject', 'edit']),
        comment: z.string().nullable(),
        createdAt: dateTime,
      }),
    ),
    downstream: z
      .object({
        status: z.enum(['executed', 'confirmed', 'failed', 'unconfirmed']),
        executedAt: dateTime,
        confirmBy: dateTime.nullable(),
        externalReference: z.string().nullable(),
        failureReason: z.string().nullable(),
        failureCode: z.string().nullable(),
        settledAt: dateTime.nullable(),
      })
      .nullable()
      .meta({ description: 'Once executed: what the system of record answered (action.confirmed / action.failed events).' }),
    revisions: z.array(
      z.object({
        id: z.uuid(),
        revision: z.number().int(),
        status: proposalStatusSchema,
        args: z.unknown(),
        decision: decisionSchema,
        createdAt: dateTime,
      }),
    ),
  })
  .meta({ id: 'ProposalDetail' });

const outcomeSchema = toolOutcomeSchema.meta({ id: 'ToolOutcome' });

const listQuerySchema = z.strictObject({
  status: proposalStatusSchema.optional(),
  tool: z.string().min(1).max(200).optional(),
  exceptionId: z.uuid().optional(),
  limit: limitParam(500, 50),
});

const approveBodySchema = z.strictObject({ comment: z.string().trim().max(2000).optional() }).meta({ id: 'ApproveProposal' });
const rejectBodySchema = z
  .strictObject({ reason: z.string().trim().min(1, 'a reason is required').max(2000) })
  .meta({ id: 'RejectProposal' });
const editBodySchema = z
  .strictObject({
    args: z
      .record(z.string(), z.unknown())
      .meta({ description: 'The complete new arguments; validated against the tool and decided again' }),
    comment: z.string().trim().max(2000).optional(),
  })
  .meta({ id: 'EditProposal' });

const proposalIdParam = uuidParam('proposalId');

export function registerProposalRoutes(api: ApiRouter, { db, registry }: ApiDependencies): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/proposals',
      tags: ['approvals'],
      summary: 'Proposals, newest first (reps: their own; approvers and admins: the tenant’s)',
      access: PROPOSAL_READER_ROLES,
      query: listQuerySchema,
      response: z.object({ proposals: z.array(proposalSchema) }),
      responseDescription: 'Proposals',
    },
    async (c, { query }) => ({ proposals: toJsonSafe(await listProposals(db, getPrincipal(c), query)) }),
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/proposals/{proposalId}',
      tags: ['approvals'],
      summary: 'One proposal with its approvals and revisions',
      access: PROPOSAL_READER_ROLES,
      params: proposalIdParam,
      response: proposalDetailSchema,
      responseDescription: 'The proposal',
      errors: [404],
    },
    async (c, { params }) => toJsonSafe(await getProposal(db, getPrincipal(c), params.proposalId)),
  );

  addRoute(
    api,
    {
      method: 'post',
      path: '/v1/proposals/{proposalId}/approve',
      tags: ['approvals'],
      summary: 'Approve and execute a pending proposal (never your own; preconditions and policy re-checked)',
      access: PROPOSAL_DECIDER_ROLES,
      params: proposalIdParam,
      body: approveBodySchema,
      response: outcomeSchema,
      responseDescription: 'What happened: executed, or failed with the reason',
      errors: [404, 409],
    },
    async (c, { params, body }) => {
      const outcome = await approveProposal(db, registry, getPrincipal(c), params.proposalId, body ?? {});
      c.get('logger').info('proposal approved', { proposalId: params.proposalId, status: outcome.status });
      return toJsonSafe(outcome);
    },
  );

  addRoute(
    api,
    {
      method: 'post',
      path: '/v1/proposals/{proposalId}/edit',
      tags: ['approvals'],
      summary: 'Replace a pending proposal’s arguments; the new revision is validated and decided again',
      access: PROPOSAL_DECIDER_ROLES,
      params: proposalIdParam,
      body: editBodySchema,
      response: outcomeSchema,
      responseDescription: 'The decision on the new revision',
      errors: [404, 409],
    },
    async (c, { params, body }) => {
      const outcome = await editProposal(db, registry, getPrincipal(c), params.proposalId, body);
      c.get('logger').info('proposal edited', { proposalId: params.proposalId, newProposalId: outcome.proposalId, status: outcome.status });
      return toJsonSafe(outcome);
    },
  );

  addRoute(
    api,
    {
      method: 'post',
      path: '/v1/proposals/{proposalId}/reject',
      tags: ['approvals'],
      summary: 'Reject a pending proposal with a reason',
      access: PROPOSAL_DECIDER_ROLES,
      params: proposalIdParam,
      body: rejectBodySchema,
      response: proposalSchema,
      responseDescription: 'The rejected proposal',
      errors: [404, 409],
    },
    async (c, { params, body }) => {
      const proposal = await rejectProposal(db, registry, getPrincipal(c), params.proposalId, body);
      c.get('logger').info('proposal rejected', { proposalId: params.proposalId });
      return toJsonSafe(proposal);
    },
  );
}
